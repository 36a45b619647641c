// The two adapters of one route definition (lib/api/route.ts) over real HTTP: POST /api/v1/events
// through node:http (lib/api/node-route.ts, the web process's fast path) and through the Next.js
// route handler (lib/api/next-route.ts). Same request → same status, body and headers, the same
// stored rows, and the same shared state (revocation, the token-guess limit kept in PostgreSQL).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as publishRoute } from "@/app/api/v1/events/route";
import { PEER_ADDRESS_HEADER } from "@/lib/api/next-route";
import { serveNode } from "@/lib/api/node-route";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { pool } from "@/lib/db";
import { tokenGuessLimit } from "@/lib/rate-limit";
import { apiClient, type ApiClient } from "@/test/api-client";
import { invoiceData, newEndpoint } from "@/test/engine-helpers";

type Path = "node" | "next";

/** What scripts/web.ts does before handing a request to Next.js, and how Next.js hands it to the route. */
async function viaNext(req: IncomingMessage, res: ServerResponse) {
  const headers = new Headers(req.headers as Record<string, string>);
  headers.set(PEER_ADDRESS_HEADER, req.socket.remoteAddress ?? "unknown");
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: Readable.toWeb(req) as ReadableStream,
    duplex: "half",
  } as RequestInit);
  const response = await publishRoute(request, { params: Promise.resolve({}) });
  // the route stopped reading a body that was too large (its stream, and the socket, are gone)
  if (!req.complete) res.setHeader("connection", "close");
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

let server: Server;
let base: string;
let client: ApiClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url!.startsWith("/node/") ? "node" : "next";
    req.url = req.url!.replace(/^\/(node|next)/, "");
    if (path === "node") void serveNode(publishRoute.definition, req, res);
    else void viaNext(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = await apiClient("adapters@example.com", "Adapters");
  await newEndpoint(client.organizationId, { url: "http://127.0.0.1:9/hooks", event_types: ["nfe.authorized"], skip_verification: true });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function post(path: Path, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/${path}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${client.token}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

/** The headers a client may act on. */
const meaningful = (headers: Headers) => ({
  "content-type": headers.get("content-type"),
  "www-authenticate": headers.get("www-authenticate"),
  "retry-after": headers.get("retry-after"),
  // security headers (lib/http/security-headers.ts) on both paths
  "x-content-type-options": headers.get("x-content-type-options"),
  "cache-control": headers.get("cache-control"),
  "content-security-policy": headers.get("content-security-policy"),
  "referrer-policy": headers.get("referrer-policy"),
});

async function eventCount() {
  const { rows } = await pool().query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1`, [client.organizationId]);
  return rows[0].n as number;
}

describe("one definition, two adapters", () => {
  it("answer with the same security headers: nosniff, no-store, the strict API policy", async () => {
    for (const path of ["next", "node"] as const) {
      const answer = await post(path, { type: "nfe.authorized", data: {} }, { authorization: "Bearer nfe_wrong" });
      expect(meaningful(answer.headers), path).toMatchObject({
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
        "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
        "referrer-policy": "same-origin",
      });
    }
  });

  it("202 with the event and its deliveries, stored once; the same id again answers 200 with the first event on both", async () => {
    const id = `adapters-${Date.now()}`;
    const first = await post("node", { type: "nfe.authorized", data: invoiceData(), id });
    expect(first.status).toBe(202);
    expect(first.json.event).toMatchObject({ type: "nfe.authorized", idempotency_key: id });
    expect(first.json.deliveries).toHaveLength(1);
    expect(first.json.deliveries[0].webhook_id).toMatch(/^msg_/);
    for (const path of ["node", "next"] as const) {
      const again = await post(path, { type: "nfe.authorized", data: invoiceData(), id });
      expect(again.status).toBe(200);
      expect(again.json).toEqual(first.json);
      expect(meaningful(again.headers)).toEqual(meaningful(first.headers));
    }
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1 AND idempotency_key = $2`, [
      client.organizationId,
      id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ["an unknown type", { type: "nfe.nope", data: {} }, {}, 422, "invalid"],
    ["data failing the schema", { type: "nfe.authorized", data: { company_cnpj: 12 } }, {}, 422, "invalid"],
    ["a missing type", { data: {} }, {}, 422, "invalid"],
    ["malformed JSON", "{not json", {}, 400, "json.malformed"],
    ["an empty body", "", {}, 422, "invalid"],
    ["a body over 256 KB", JSON.stringify({ type: "nfe.authorized", data: { pad: "x".repeat(300 * 1024) } }), {}, 413, "payload.too_large"],
    ["an unknown token", { type: "nfe.authorized", data: {} }, { authorization: "Bearer nfe_unknown" }, 401, "token.invalid"],
    ["no credentials at all", { type: "nfe.authorized", data: {} }, { authorization: "" }, 401, "auth.required"],
  ])("%s: the same status, body and headers on both, nothing stored", async (_, body, headers, status, code) => {
    const before = await eventCount();
    const node = await post("node", body, headers);
    const next = await post("next", body, headers);
    expect(node.status).toBe(status);
    expect(node.json.code).toBe(code);
    expect(next.status).toBe(node.status);
    expect(next.json).toEqual(node.json);
    expect(meaningful(next.headers)).toEqual(meaningful(node.headers));
    expect(await eventCount()).toBe(before);
    await tokenGuessLimit.reset("ip:127.0.0.1");
  });

  it("413 for a body over 256 KB streamed without a length, on both", async () => {
    const big = JSON.stringify({ type: "nfe.authorized", data: { ...invoiceData(), pad: "x".repeat(300 * 1024) } });
    for (const path of ["node", "next"] as const) {
      const chunks = [big.slice(0, 100_000), big.slice(100_000, 200_000), big.slice(200_000)];
      const response = await fetch(`${base}/${path}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${client.token}`, "content-type": "application/json" },
        body: new ReadableStream({
          pull(controller) {
            const next = chunks.shift();
            if (next === undefined) controller.close();
            else controller.enqueue(new TextEncoder().encode(next));
          },
        }),
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(413);
    }
  });
});

describe("state both adapters share", () => {
  it("a token revoked through the app is refused at once on both", async () => {
    const { token, record } = await createApiToken(client.organizationId, { name: "short-lived" });
    expect((await post("node", { type: "nfe.authorized", data: invoiceData() }, { authorization: `Bearer ${token}` })).status).toBe(202);
    await revokeApiToken(client.organizationId, record.id);
    for (const path of ["node", "next"] as const) {
      expect((await post(path, { type: "nfe.authorized", data: invoiceData() }, { authorization: `Bearer ${token}` })).status).toBe(401);
    }
    await tokenGuessLimit.reset("ip:127.0.0.1");
  });

  it("failed token guesses count once for both: past the limit both answer 429, a valid token still 202", async () => {
    for (let i = 0; i < 30; i++) {
      const path = i % 2 ? "node" : "next";
      expect((await post(path, {}, { authorization: `Bearer nfe_guess${i}` })).status).toBe(401);
    }
    for (const path of ["node", "next"] as const) {
      const refused = await post(path, {}, { authorization: "Bearer nfe_guess_again" });
      expect(refused.status).toBe(429);
      expect(refused.json.code).toBe("rate_limited");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await post(path, { type: "nfe.authorized", data: invoiceData() })).status).toBe(202);
    }
    await tokenGuessLimit.reset("ip:127.0.0.1");
  });
});
