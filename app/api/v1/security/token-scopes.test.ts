// What a token may do: its scope (publish, read, admin), bounded by its creator's current role. A
// creator demoted to viewer leaves their tokens read-only; one removed from the organization takes
// them along. Through the real routes, with tokens presented as an integration would.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listEventsRoute, POST as publishRoute } from "@/app/api/v1/events/route";
import { GET as meRoute } from "@/app/api/v1/me/route";
import { POST as createTokenRoute, GET as listTokensRoute } from "@/app/api/v1/tokens/route";
import { GET as secretRoute } from "@/app/api/v1/webhooks/[id]/secret/route";
import { GET as listWebhooksRoute, POST as createWebhookRoute } from "@/app/api/v1/webhooks/route";
import { ensureAccount } from "@/lib/auth/accounts";
import { createApiToken } from "@/lib/auth/tokens";
import { prisma } from "@/lib/db";
import type { TokenScope } from "@/lib/generated/prisma/enums";
import { callRoute, type CallOptions } from "@/test/api-client";
import { endpointAt, invoiceData } from "@/test/log-fixtures";

let organizationId: string;
let ownerId: string;
let endpointId: string;

beforeAll(async () => {
  const { user } = await ensureAccount("dona@escopos.test", "Escopos LTDA");
  organizationId = user.organizationId;
  ownerId = user.id;
  endpointId = await endpointAt(organizationId, "http://127.0.0.1:9/hooks");
});

type Handler = Parameters<typeof callRoute>[0];
const as =
  (token: string) =>
  (handler: Handler, method: string, path: string, options: CallOptions = {}) =>
    callRoute(handler, method, path, { ...options, headers: { authorization: `Bearer ${token}` } });

/** A member of the organization with `role`, and a token of `scope` they made. */
async function memberToken(role: "admin" | "viewer" | "owner", scope: TokenScope) {
  const user = await prisma.user.create({ data: { email: `m${Math.random()}@escopos.test`, name: "Membro", passwordHash: "unused" } });
  await prisma.membership.create({ data: { userId: user.id, organizationId, role } });
  const { token, record } = await createApiToken(organizationId, { name: scope, scope, createdById: user.id });
  return { userId: user.id, token, tokenId: record.id, call: as(token) };
}

const publish = { type: "nfe.authorized", data: invoiceData({ number: 7 }) };

describe("a publish token", () => {
  it("publishes events and nothing else: no reading webhooks, events, tokens or itself", async () => {
    const { call } = await memberToken("admin", "publish");
    expect((await call(publishRoute, "POST", "/api/v1/events", { body: publish })).status).toBe(202);
    for (const [handler, path] of [
      [listWebhooksRoute, "/api/v1/webhooks"],
      [listEventsRoute, "/api/v1/events"],
      [listTokensRoute, "/api/v1/tokens"],
      [meRoute, "/api/v1/me"],
    ] as const) {
      const response = await call(handler, "GET", path);
      expect(response.status, path).toBe(403);
      expect(response.json.code).toBe("token.scope");
    }
    const created = await call(createWebhookRoute, "POST", "/api/v1/webhooks", {
      body: { url: "http://127.0.0.1:9/x", skip_verification: true },
    });
    expect(created.status).toBe(403);
  });
});

describe("a read token", () => {
  it("reads, but neither changes nor publishes nor reads secrets", async () => {
    const { call } = await memberToken("admin", "read");
    expect((await call(listWebhooksRoute, "GET", "/api/v1/webhooks")).status).toBe(200);
    expect((await call(publishRoute, "POST", "/api/v1/events", { body: publish })).json.code).toBe("token.scope");
    expect((await call(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "x" } })).status).toBe(403);
    expect((await call(secretRoute, "GET", `/api/v1/webhooks/${endpointId}/secret`, { id: endpointId })).status).toBe(403);
  });
});

describe("a token whose creator", () => {
  it("was demoted to viewer reads only: no new tokens, no secrets, no publishing", async () => {
    const admin = await memberToken("admin", "admin");
    const publisher = await as((await createApiToken(organizationId, { name: "p", scope: "publish", createdById: admin.userId })).token);
    expect((await admin.call(secretRoute, "GET", `/api/v1/webhooks/${endpointId}/secret`, { id: endpointId })).status).toBe(200);
    await prisma.membership.update({
      where: { userId_organizationId: { userId: admin.userId, organizationId } },
      data: { role: "viewer" },
    });

    expect((await admin.call(listWebhooksRoute, "GET", "/api/v1/webhooks")).status).toBe(200);
    expect((await admin.call(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "escalada" } })).status).toBe(403);
    expect((await admin.call(secretRoute, "GET", `/api/v1/webhooks/${endpointId}/secret`, { id: endpointId })).status).toBe(403);
    expect((await publisher(publishRoute, "POST", "/api/v1/events", { body: publish })).status).toBe(403);

    await prisma.membership.update({ where: { userId_organizationId: { userId: admin.userId, organizationId } }, data: { role: "admin" } });
    expect((await publisher(publishRoute, "POST", "/api/v1/events", { body: publish })).status).toBeLessThan(300);
  });

  it("left the organization no longer works", async () => {
    const member = await memberToken("admin", "admin");
    await prisma.membership.delete({ where: { userId_organizationId: { userId: member.userId, organizationId } } });
    const response = await member.call(listWebhooksRoute, "GET", "/api/v1/webhooks");
    expect(response.status).toBe(401);
    expect(response.json.code).toBe("token.invalid");
  });

  it("made it with another token: the new token is the same member's, bounded by their role", async () => {
    const admin = await memberToken("admin", "admin");
    const made = await admin.call(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "feito por token", scope: "read" } });
    expect(made.status).toBe(201);
    expect(made.json.token.scope).toBe("read");
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: made.json.token.id } })).createdById).toBe(admin.userId);
    expect((await as(made.json.secret)(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "x" } })).status).toBe(403);
  });
});

describe("creating a token", () => {
  it("takes a scope (admin by default) and lists it; an unknown scope is a 422 naming the field", async () => {
    const { call } = await memberToken("owner", "admin");
    const plain = await call(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "sem escopo" } });
    expect(plain.json.token.scope).toBe("admin");
    const bad = await call(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "x", scope: "root" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.errors)).toEqual(["scope"]);
    const list = await call(listTokensRoute, "GET", "/api/v1/tokens");
    expect(list.json.tokens.find((t: { id: string }) => t.id === plain.json.token.id).scope).toBe("admin");
    void ownerId;
  });
});
