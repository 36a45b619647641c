// The node:http publish path (lib/api/fast-publish.ts) against the Next.js route it stands in for:
// same statuses, bodies and headers for the same requests, the same stored rows, and the state it
// shares with the route inside one process (token revocation, the token-guess rate limit).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as publishRoute } from "@/app/api/v1/events/route";
import { fastPublish, isFastPublish } from "@/lib/api/fast-publish";
import { revokeApiToken, createApiToken } from "@/lib/auth/tokens";
import { pool } from "@/lib/db";
import { tokenGuessLimiter } from "@/lib/rate-limit";
import { apiClient, callRoute, type ApiClient } from "@/test/api-client";
import { invoiceData, newEndpoint } from "@/test/engine-helpers";

let server: Server;
let base: string;
let client: ApiClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (isFastPublish(req)) return void fastPublish(req, res);
    res.writeHead(418).end(); // what the web server would hand to Next.js
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = await apiClient("fast-publish@example.com", "Fast publish");
  await newEndpoint(client.organizationId, { url: "http://127.0.0.1:9/hooks", event_types: ["nfe.authorized"], skip_verification: true });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${client.token}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

const viaRoute = (body: unknown, headers: Record<string, string> = {}) =>
  callRoute(publishRoute, "POST", "/api/v1/events", { body, headers: { authorization: `Bearer ${client.token}`, ...headers } });

describe("routing", () => {
  it("takes token-authenticated POST /api/v1/events only", () => {
    const req = (method: string, url: string, authorization?: string) =>
      ({ method, url, headers: authorization ? { authorization } : {} }) as Parameters<typeof isFastPublish>[0];
    expect(isFastPublish(req("POST", "/api/v1/events", "Bearer x"))).toBe(true);
    expect(isFastPublish(req("POST", "/api/v1/events"))).toBe(false); // cookie sessions: Next.js checks Origin
    expect(isFastPublish(req("GET", "/api/v1/events", "Bearer x"))).toBe(false);
    expect(isFastPublish(req("POST", "/api/v1/events/abc/resend", "Bearer x"))).toBe(false);
  });
});

describe("answers like the route", () => {
  it("202 with the event and its deliveries, stored once; the same id again answers 200 with the first event", async () => {
    const id = `fast-${Date.now()}`;
    const first = await post({ type: "nfe.authorized", data: invoiceData(), id });
    expect(first.status).toBe(202);
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(first.json.event).toMatchObject({ type: "nfe.authorized", idempotency_key: id });
    expect(first.json.deliveries).toHaveLength(1);
    expect(first.json.deliveries[0].webhook_id).toMatch(/^msg_/);

    const again = await post({ type: "nfe.authorized", data: invoiceData(), id });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const viaNext = await viaRoute({ type: "nfe.authorized", data: invoiceData(), id });
    expect(viaNext.status).toBe(200);
    expect(viaNext.json).toEqual(first.json);

    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1 AND idempotency_key = $2`, [
      client.organizationId,
      id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ["an unknown type", { type: "nfe.nope", data: {} }, 422],
    ["data failing the schema", { type: "nfe.authorized", data: { company_cnpj: 12 } }, 422],
    ["a missing type", { data: {} }, 422],
    ["malformed JSON", "{not json", 400],
    ["an empty body", "", 422],
  ])("%s: the same status and errors as the route, nothing stored", async (_, body, status) => {
    const before = await pool().query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1`, [client.organizationId]);
    const fast = await post(body);
    const route = await viaRoute(body);
    expect(fast.status).toBe(status);
    expect(route.status).toBe(status);
    expect(fast.json).toEqual(route.json);
    expect(fast.json.errors).toBeTruthy();
    const after = await pool().query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1`, [client.organizationId]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("413 for a body over 256 KB, declared or streamed", async () => {
    const big = JSON.stringify({ type: "nfe.authorized", data: { ...invoiceData(), pad: "x".repeat(300 * 1024) } });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(declared.json.errors[0]).toMatch(/256 KB/);

    // no content-length: the body arrives in chunks and is cut off past the limit
    const chunks = [big.slice(0, 100_000), big.slice(100_000, 200_000), big.slice(200_000)];
    const streamed = await fetch(`${base}/api/v1/events`, {
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
    expect(streamed.status).toBe(413);
  });

  it("401 with WWW-Authenticate for an unknown token, as the route", async () => {
    const fast = await post({ type: "nfe.authorized", data: invoiceData() }, { authorization: "Bearer nfe_unknown" });
    const route = await viaRoute({ type: "nfe.authorized", data: invoiceData() }, { authorization: "Bearer nfe_unknown" });
    expect(fast.status).toBe(401);
    expect(fast.json).toEqual(route.json);
    expect(fast.headers.get("www-authenticate")).toBe(route.headers.get("www-authenticate"));
  });
});

describe("state shared with the route in one process", () => {
  it("a token revoked through the app is refused at once", async () => {
    const { token, record } = await createApiToken(client.organizationId, "short-lived");
    const ok = await post({ type: "nfe.authorized", data: invoiceData() }, { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(202);
    await revokeApiToken(client.organizationId, record.id);
    const refused = await post({ type: "nfe.authorized", data: invoiceData() }, { authorization: `Bearer ${token}` });
    expect(refused.status).toBe(401);
  });

  it("failed token guesses count once for both paths: past the limit both answer 429", async () => {
    const address = "fast-publish-test-client"; // only a rate-limit key
    tokenGuessLimiter.reset(`ip:${address}`);
    for (let i = 0; i < 30; i++) {
      const guess = await post({}, { authorization: `Bearer nfe_guess${i}`, "x-forwarded-for": address });
      expect(guess.status).toBe(401);
    }
    const fast = await post({}, { authorization: `Bearer ${client.token}`, "x-forwarded-for": address });
    const route = await viaRoute({}, { "x-forwarded-for": address });
    expect(fast.status).toBe(429);
    expect(route.status).toBe(429);
    expect(Number(fast.headers.get("retry-after"))).toBeGreaterThan(0);
    tokenGuessLimiter.reset(`ip:${address}`);
  });
});
