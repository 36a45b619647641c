// The real route handlers through the Next.js adapter, called directly with API tokens (cookie
// sessions: e2e/api.spec.ts against the running app). lib/api/node-route.test.ts checks that the
// node:http adapter answers the same.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as catchAll from "@/app/api/[...path]/route";
import * as me from "@/app/api/v1/me/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as tokenById from "@/app/api/v1/tokens/[id]/route";
import { PEER_ADDRESS_HEADER } from "@/lib/api/next-route";
import { errorReply } from "@/lib/api/route";
import { createApiToken } from "@/lib/auth/tokens";
import { prisma } from "@/lib/db";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface Call {
  method?: string;
  token?: string;
  authorization?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  params?: Record<string, string>;
}

function call(handler: Handler, path: string, opts: Call = {}): Promise<Response> {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  if (opts.authorization) headers.set("authorization", opts.authorization);
  const request = new NextRequest(`http://localhost${path}`, { method: opts.method ?? "GET", headers, body: opts.body });
  return handler(request, { params: Promise.resolve(opts.params ?? {}) });
}

const basic = (user: string, password = "") => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

let orgA: string;
let orgB: string;
let tokenA: string;
let tokenAId: string;
let tokenB: string;

beforeAll(async () => {
  [orgA, orgB] = await Promise.all(
    ["Padaria Exemplo LTDA", "Mercado Central SA"].map((name) => prisma.organization.create({ data: { name } }).then((o) => o.id)),
  );
  const a = await createApiToken(orgA, { name: "ERP da padaria" });
  const b = await createApiToken(orgB, { name: "ERP do mercado" });
  [tokenA, tokenAId, tokenB] = [a.token, a.record.id, b.token];
});

async function expectJsonError(response: Response, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body).toHaveProperty("errors");
  if (code) expect(body.code).toBe(code);
  return body.errors as unknown;
}

describe("authentication", () => {
  it("accepts a Bearer token and answers for its organization", async () => {
    const response = await call(me.GET, "/api/v1/me", { token: tokenA });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      organization: { id: orgA, name: "Padaria Exemplo LTDA" },
      role: "admin",
      token: { id: tokenAId, name: "ERP da padaria", prefix: tokenA.slice(0, 12) },
    });
  });

  it.each([
    ["Basic with the token as user name and an empty password", () => basic(tokenA)],
    ["Basic with the token as user name and any password", () => basic(tokenA, "x")],
    ["Basic without the colon", () => `Basic ${Buffer.from(tokenA).toString("base64")}`],
    ["a lower-case bearer scheme", () => `bearer ${tokenA}`],
  ])("accepts %s", async (_, authorization) => {
    const response = await call(me.GET, "/api/v1/me", { authorization: authorization() });
    expect(response.status).toBe(200);
    expect((await response.json()).organization.id).toBe(orgA);
  });

  it.each([
    ["an unknown token", () => `Bearer nfe_${"A".repeat(43)}`],
    ["a token with one character changed", () => `Bearer ${tokenA.slice(0, -1)}${tokenA.endsWith("A") ? "B" : "A"}`],
    ["Basic with the token as password", () => basic("user", tokenA)],
    ["an unknown scheme", () => `Token ${tokenA}`],
    ["a scheme without a value", () => "Bearer"],
  ])("refuses %s with 401 JSON", async (_, authorization) => {
    const response = await call(me.GET, "/api/v1/me", { authorization: authorization() });
    expect(await expectJsonError(response, 401, "token.invalid")).toEqual(["invalid or revoked API token"]);
    expect(response.headers.get("www-authenticate")).toMatch(/Bearer/);
  });

  it("refuses a revoked token", async () => {
    const { token, record } = await createApiToken(orgA, { name: "temporário" });
    expect((await call(me.GET, "/api/v1/me", { token })).status).toBe(200);
    const revoked = await call(tokenById.DELETE, `/api/v1/tokens/${record.id}`, {
      method: "DELETE",
      token: tokenA,
      params: { id: record.id },
    });
    expect(revoked.status).toBe(204);
    await expectJsonError(await call(me.GET, "/api/v1/me", { token }), 401);
  });

  it("answers 429 to token guessing from one address, never to a valid token, from there or elsewhere", async () => {
    const guesser = { [PEER_ADDRESS_HEADER]: "198.51.100.7" };
    for (let i = 0; i < 30; i++) {
      expect((await call(me.GET, "/api/v1/me", { token: `nfe_guess${i}`, headers: guesser })).status).toBe(401);
    }
    const blocked = await call(me.GET, "/api/v1/me", { token: "nfe_guess31", headers: guesser });
    await expectJsonError(blocked, 429, "rate_limited");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call(me.GET, "/api/v1/me", { token: tokenA, headers: guesser })).status).toBe(200);
    expect((await call(me.GET, "/api/v1/me", { token: tokenA, headers: { [PEER_ADDRESS_HEADER]: "198.51.100.8" } })).status).toBe(200);
    expect((await call(me.GET, "/api/v1/me", { token: "nfe_other", headers: { [PEER_ADDRESS_HEADER]: "198.51.100.8" } })).status).toBe(401);
  });

  it("ignores X-Forwarded-For without TRUST_PROXY: rotating it does not escape the limit", async () => {
    const peer = "198.51.100.9";
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const headers = { [PEER_ADDRESS_HEADER]: peer, "x-forwarded-for": `203.0.113.${i}` };
      statuses.push((await call(me.GET, "/api/v1/me", { token: `nfe_rotating${i}`, headers })).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
  });

  it("never throttles a client making a few hundred legitimate calls", async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) statuses.add((await call(tokens.GET, "/api/v1/tokens", { token: tokenB })).status);
    expect([...statuses]).toEqual([200]);
  });
});

describe("organization isolation", () => {
  it("answers 404 when organization B revokes organization A's token, and A's token keeps working", async () => {
    const response = await call(tokenById.DELETE, `/api/v1/tokens/${tokenAId}`, {
      method: "DELETE",
      token: tokenB,
      params: { id: tokenAId },
    });
    expect(await expectJsonError(response, 404, "not_found")).toEqual(["token not found"]);
    expect((await call(me.GET, "/api/v1/me", { token: tokenA })).status).toBe(200);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenAId } })).revokedAt).toBeNull();
  });

  it("answers 404 for an id that is not a UUID", async () => {
    const response = await call(tokenById.DELETE, "/api/v1/tokens/1%20OR%201=1", {
      method: "DELETE",
      token: tokenA,
      params: { id: "1 OR 1=1" },
    });
    await expectJsonError(response, 404);
  });

  it("lists only the caller's own tokens, without secrets", async () => {
    const response = await call(tokens.GET, "/api/v1/tokens", { token: tokenB });
    expect(response.status).toBe(200);
    const text = await response.text();
    const listed = JSON.parse(text).tokens as { id: string; name: string }[];
    expect(listed.map((t) => t.name)).toEqual(["ERP do mercado"]);
    expect(text).not.toContain(tokenB);
    expect(text).not.toMatch(/hash/i);
  });

  it("takes the organization from the token, never from the body: a body naming one is refused, field by field", async () => {
    const response = await call(tokens.POST, "/api/v1/tokens", {
      method: "POST",
      token: tokenA,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "integração", organization_id: orgB, organizationId: orgB }),
    });
    expect(response.status).toBe(422);
    expect((await response.json()).errors).toEqual({
      organization_id: ["is not a field of this request"],
      organizationId: ["is not a field of this request"],
    });
    expect(await prisma.apiToken.count({ where: { name: "integração" } })).toBe(0);
    const created = await call(tokens.POST, "/api/v1/tokens", {
      method: "POST",
      token: tokenA,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "integração" }),
    });
    const { token } = await created.json();
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } })).organizationId).toBe(orgA);
  });
});

describe("request bodies", () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    call(tokens.POST, "/api/v1/tokens", {
      method: "POST",
      token: tokenA,
      headers: { "content-type": "application/json", ...headers },
      body,
    });

  it("creates a token with 201 and shows its secret once", async () => {
    const response = await post(JSON.stringify({ name: "  Conciliação  " }));
    expect(response.status).toBe(201);
    const { token, secret } = await response.json();
    expect(secret).toMatch(/^nfe_/);
    expect(token).toEqual({
      id: expect.any(String),
      name: "Conciliação",
      prefix: secret.slice(0, 12),
      scope: "admin",
      environment: null,
      last_used_at: null,
      created_at: expect.any(String),
    });
    expect((await call(me.GET, "/api/v1/me", { token: secret })).status).toBe(200);
  });

  it("answers 400 JSON to malformed JSON", async () => {
    expect(await expectJsonError(await post('{"name": "ERP"'), 400, "json.malformed")).toEqual(["malformed JSON body"]);
  });

  it("answers 413 JSON to a body over the limit, declared or streamed", async () => {
    const big = JSON.stringify({ name: "x".repeat(70 * 1024) });
    await expectJsonError(await post(big, { "content-length": String(Buffer.byteLength(big)) }), 413, "payload.too_large");
    await expectJsonError(await post(new Blob([big]).stream(), {}), 413, "payload.too_large");
    expect(await prisma.apiToken.count({ where: { name: { startsWith: "xxx" } } })).toBe(0);
  });

  it.each([
    ["an empty name", { name: "" }, ["can't be blank"]],
    ["a blank name", { name: "   " }, ["can't be blank"]],
    ["no name", {}, [expect.any(String)]],
    ["a name that is not a string", { name: 42 }, [expect.any(String)]],
  ])("answers 422 naming the field for %s", async (_, body, messages) => {
    expect(await expectJsonError(await post(JSON.stringify(body)), 422, "invalid")).toEqual({ name: messages });
  });

  it("names each field's problem with a code beside the words", async () => {
    const response = await post(JSON.stringify({ name: "" }));
    expect(await response.json()).toEqual({ errors: { name: ["can't be blank"] }, code: "invalid", field_codes: { name: ["blank"] } });
  });
});

describe("unknown API routes", () => {
  it.each(["GET", "POST", "PUT", "PATCH", "DELETE"] as const)("answer %s with 404 JSON", async (method) => {
    const handler = catchAll[method] as unknown as Handler;
    const response = await call(handler, "/api/nope", { method, params: { path: "nope" } });
    expect(await expectJsonError(response, 404, "not_found")).toEqual(["no such API route"]);
  });
});

describe("a database that is briefly away or broke a deadlock with the request", () => {
  it.each([
    ["a deadlock PostgreSQL broke", { code: "40P01" }],
    ["Prisma's write conflict", { code: "P2034" }],
    ["a restarting server", { code: "57P01" }],
    ["an unreachable server (Prisma)", { code: "P1001" }],
    ["a dropped connection", { message: "Connection terminated unexpectedly" }],
  ])("answers 503 with Retry-After, not 500, for %s", async (_, failure) => {
    const answered = errorReply(Object.assign(new Error("database"), failure));
    expect(answered.status).toBe(503);
    expect(answered.headers["retry-after"]).toBe("1");
    expect(answered.body).toMatchObject({ code: "unavailable" });
  });

  it("still answers 500 for what is unexpected", () => {
    expect(errorReply(new Error("boom")).status).toBe(500);
  });
});
