// GET /api/v1/openapi.json: a valid OpenAPI 3.1 document (checked by a real validator) that matches
// the route files both ways — every route file under app/api/v1 and every method it exports is in
// it, and every path in it is a route file — with each route's own zod schemas as its parameters and
// request body, the error shapes, the auth schemes, and every event type in `webhooks`.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { ROUTES } from "@/app/api/v1/openapi.json/routes";
import { eventTypeNames } from "@/lib/webhooks/catalog";
import { callRoute } from "@/test/api-client";

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown>; security: unknown[] }
    >
  >;
  webhooks: Record<string, { post: { requestBody: { content: { "application/json": { example: unknown } } } } }>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
};

async function documentOverHttp(): Promise<Doc> {
  const response = await callRoute(GET, "GET", "/api/v1/openapi.json");
  expect(response.status).toBe(200);
  return response.json as Doc;
}

/** Every route file under app/api/v1 as its API path, with the methods it exports. */
function routeFiles(): Map<string, string[]> {
  const root = path.resolve(import.meta.dirname, "../../app/api/v1");
  const found = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const apiPath = `/api/v1${path.relative(root, dir) ? `/${path.relative(root, dir)}` : ""}`.replace(/\[(\w+)\]/g, "{$1}");
        found.set(apiPath, []);
      }
    }
  };
  walk(root);
  return found;
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 (a real validator), served without a credential", async () => {
    const doc = await documentOverHttp();
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify((result as { errors?: unknown }).errors)).toBe(true);
  });

  it("has every route file and every method it exports, and no path that is not a route file", async () => {
    const doc = await documentOverHttp();
    const files = routeFiles();
    expect(Object.keys(doc.paths).sort()).toEqual([...files.keys()].sort());
    // the list the document is generated from names every route file (the document's own included by hand)
    expect([...ROUTES.map((r) => r.path), "/api/v1/openapi.json"].sort()).toEqual([...files.keys()].sort());
    for (const { path: apiPath, module } of ROUTES) {
      const exported = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => m in module).map((m) => m.toLowerCase());
      expect(Object.keys(doc.paths[apiPath]!).sort(), apiPath).toEqual(exported.sort());
    }
  });

  it("takes parameters and bodies from the routes' own schemas, with the error answers and auth schemes", async () => {
    const doc = await documentOverHttp();
    const publish = doc.paths["/api/v1/events"]!.post!;
    expect(JSON.stringify(publish.requestBody)).toContain('"environment"');
    expect(Object.keys(publish.responses)).toEqual(expect.arrayContaining(["200", "202", "401", "422", "429"]));
    const deliveries = doc.paths["/api/v1/webhooks/{id}/deliveries"]!.get!;
    expect(deliveries.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(["path:id", "query:status", "query:q", "query:cursor", "query:limit"]),
    );
    expect(JSON.stringify(doc.paths["/api/v1/webhooks"]!.post!.requestBody)).toContain('"payload_format"');
    expect(doc.paths["/api/v1/operator/events"]!.post!.security).toEqual([{ operatorKey: [] }]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["basicToken", "bearerToken", "operatorKey", "sessionCookie"]);
  });

  it("describes every success answer, each object naming all its fields (lib/api/responses.test.ts checks real answers)", async () => {
    const doc = await documentOverHttp();
    /** The objects with `properties` in `schema` and what it refers to that allow other fields. */
    const open = (schema: unknown, where: string, seen = new Set<string>()): string[] => {
      if (!schema || typeof schema !== "object") return [];
      const node = schema as Record<string, unknown>;
      const ref = typeof node.$ref === "string" ? node.$ref.replace("#/components/schemas/", "") : undefined;
      if (ref) return seen.has(ref) ? [] : (seen.add(ref), open(doc.components.schemas[ref], ref, seen));
      const here = node.properties && node.additionalProperties !== false ? [where] : [];
      return [...here, ...Object.entries(node).flatMap(([key, value]) => open(value, `${where}/${key}`, seen))];
    };
    let described = 0;
    for (const [apiPath, methods] of Object.entries(doc.paths)) {
      if (apiPath === "/api/v1/openapi.json") continue;
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, answer] of Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status))) {
          const schema = (answer as { content?: { "application/json": { schema: unknown } } }).content?.["application/json"].schema;
          expect(Boolean(schema), `${method} ${apiPath} ${status}`).toBe(status !== "204");
          expect(open(schema, `${method} ${apiPath} ${status}`)).toEqual([]);
          if (schema) described++;
        }
      }
    }
    expect(described).toBeGreaterThan(50);
  });

  it("describes every event type a receiver can get, with its example", async () => {
    const doc = await documentOverHttp();
    expect(Object.keys(doc.webhooks).sort()).toEqual([...eventTypeNames].sort());
    expect(doc.webhooks["nfe.authorized"]!.post.requestBody.content["application/json"].example).toMatchObject({
      type: "nfe.authorized",
      data: { access_key: expect.any(String) },
    });
  });
});
