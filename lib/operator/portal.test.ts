// Portal sessions: a single-use URL that must be opened within 10 minutes signs the browser in as a
// member of that tenant (created on first use; an existing member's role becomes the one given) for
// at most the asked time, on the webhook routes of that organization only — never another
// organization's, never tokens, members, publishing or switching organization.
import { vi } from "vitest";

const KEY = vi.hoisted(() => {
  const key = "nfeop_portal-key-for-tests-cccccccccccccccccccccccccccccc";
  process.env.OPERATOR_API_KEY = key;
  return key;
});

import { beforeAll, describe, expect, it } from "vitest";
import { GET as enterRoute } from "@/app/portal/[token]/route";
import { PUT as putTenantRoute } from "@/app/api/v1/operator/organizations/[external_id]/route";
import { POST as portalRoute } from "@/app/api/v1/operator/organizations/[external_id]/portal-sessions/route";
import { POST as createWebhookRoute } from "@/app/api/v1/operator/organizations/[external_id]/webhooks/route";
import { GET as listWebhooksRoute } from "@/app/api/v1/webhooks/route";
import { GET as webhookRoute } from "@/app/api/v1/webhooks/[id]/route";
import { GET as tokensRoute, POST as createTokenRoute } from "@/app/api/v1/tokens/route";
import { GET as membersRoute } from "@/app/api/v1/members/route";
import { POST as publishRoute } from "@/app/api/v1/events/route";
import { GET as meRoute } from "@/app/api/v1/me/route";
import { POST as switchRoute } from "@/app/api/v1/me/organization/route";
import { pool } from "@/lib/db";
import { callRoute, apiClient, type CallOptions } from "@/test/api-client";
import { invoiceData } from "@/test/log-fixtures";

type Handler = Parameters<typeof callRoute>[0];
const operator = (handler: Handler, method: string, externalId: string, rest: string, body?: unknown) =>
  callRoute(handler, method, `/api/v1/operator/organizations/${externalId}${rest}`, {
    body,
    params: { external_id: externalId },
    headers: { authorization: `Bearer ${KEY}` },
  });

async function portalUrl(externalId: string, body: Record<string, unknown>): Promise<{ url: string; token: string; expires_at: string }> {
  const created = await operator(portalRoute, "POST", externalId, "/portal-sessions", body);
  expect(created.status).toBe(201);
  const url = new URL(created.json.url);
  return { ...created.json, token: url.pathname.split("/").pop()! };
}

/** Opens the portal URL as a browser would: the redirect and the cookies it sets. */
async function open(token: string, query = "") {
  const response = await enterRoute(new Request(`http://localhost/portal/${token}${query}`), { params: Promise.resolve({ token }) });
  const cookies = response.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith("next-auth.session-token="));
  return {
    status: response.status,
    location: response.headers.get("location"),
    cookies,
    headers: session ? { cookie: session.split(";")[0]!, origin: "http://localhost", host: "localhost" } : undefined,
  };
}

const as = (headers: Record<string, string>, handler: Handler, method: string, path: string, options: CallOptions = {}) =>
  callRoute(handler, method, path, { ...options, headers: { ...headers, ...options.headers } });

let webhookA: string;
let otherOrgWebhook: string;
beforeAll(async () => {
  for (const id of ["portal-a", "portal-b"]) await operator(putTenantRoute, "PUT", id, "", { name: `Cliente ${id}` });
  webhookA = (await operator(createWebhookRoute, "POST", "portal-a", "/webhooks", { url: "http://127.0.0.1:9/a", skip_verification: true }))
    .json.webhook.id;
  otherOrgWebhook = (
    await operator(createWebhookRoute, "POST", "portal-b", "/webhooks", { url: "http://127.0.0.1:9/b", skip_verification: true })
  ).json.webhook.id;
});

describe("a portal URL", () => {
  it("signs the browser in once, as a new member with the given role, on the tenant's webhook screens", async () => {
    const { token, expires_at } = await portalUrl("portal-a", {
      user: { email: "Ana@Cliente.test", name: "Ana" },
      role: "admin",
      locale: "en",
    });
    expect(new Date(expires_at).getTime() - Date.now()).toBeLessThanOrEqual(600_000);
    const entered = await open(token, "?embed=1");
    expect(entered.status).toBe(303);
    expect(entered.location).toBe("/account/webhooks?embed=1");
    expect(entered.cookies.find((c) => c.startsWith("nfe-embed=1"))).toMatch(/HttpOnly; SameSite=Lax/);
    expect(entered.cookies.find((c) => c.startsWith("locale=en"))).toBeDefined();
    const headers = entered.headers!;

    const me = await as(headers, meRoute, "GET", "/api/v1/me");
    expect(me.status).toBe(200);
    const list = await as(headers, listWebhooksRoute, "GET", "/api/v1/webhooks");
    expect(list.json.webhooks.map((w: { id: string }) => w.id)).toEqual([webhookA]);
    const { rows } = await pool().query(
      `SELECT m.role, u.name FROM memberships m JOIN users u ON u.id = m.user_id JOIN organizations o ON o.id = m.organization_id
       WHERE u.email = 'ana@cliente.test' AND o.external_id = 'portal-a'`,
    );
    expect(rows).toEqual([{ role: "admin", name: "Ana" }]);

    // used: a second opening is refused and changes nothing
    const again = await open(token);
    expect(again.status).toBe(303);
    expect(again.location).toBe("/portal/ended");
    expect(again.headers).toBeUndefined();
  });

  it("reaches only the webhook routes of its own organization", async () => {
    const { token } = await portalUrl("portal-a", { user: { email: "bia@cliente.test" }, role: "admin" });
    const headers = (await open(token)).headers!;
    // another organization's webhook: 404, as any other organization's id
    expect((await as(headers, webhookRoute, "GET", `/api/v1/webhooks/${otherOrgWebhook}`, { id: otherOrgWebhook })).status).toBe(404);
    expect((await as(headers, webhookRoute, "GET", `/api/v1/webhooks/${webhookA}`, { id: webhookA })).status).toBe(200);
    for (const [handler, method, path, body] of [
      [tokensRoute, "GET", "/api/v1/tokens", undefined],
      [createTokenRoute, "POST", "/api/v1/tokens", { name: "escape" }],
      [membersRoute, "GET", "/api/v1/members", undefined],
      [publishRoute, "POST", "/api/v1/events", { type: "nfe.authorized", data: invoiceData({ number: 1 }) }],
    ] as const) {
      const refused = await as(headers, handler as Handler, method, path, { body });
      expect(refused.status, path).toBe(403);
      expect(refused.json.code).toBe("portal.forbidden");
    }
    // the user also belongs to another organization: the portal session cannot switch to it
    const own = await apiClient("bia@cliente.test", "Empresa da Bia");
    const switched = await as(headers, switchRoute, "POST", "/api/v1/me/organization", { body: { organization_id: own.organizationId } });
    expect(switched.status).toBe(403);
    expect((await pool().query(`SELECT count(*)::int AS n FROM api_tokens WHERE name = 'escape'`)).rows[0].n).toBe(0);
  });

  it("makes an existing member's role the one given; expired links and ended sessions are refused", async () => {
    const first = await portalUrl("portal-a", { user: { email: "caio@cliente.test" }, role: "admin" });
    await open(first.token);
    const second = await portalUrl("portal-a", { user: { email: "caio@cliente.test" }, role: "viewer", expires_in: 60 });
    const viewer = (await open(second.token)).headers!;
    const { rows } = await pool().query(
      `SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'caio@cliente.test'`,
    );
    expect(rows).toEqual([{ role: "viewer" }]);
    // a viewer reads but cannot change
    expect((await as(viewer, listWebhooksRoute, "GET", "/api/v1/webhooks")).status).toBe(200);
    const { rows: sessions } = await pool().query(
      `SELECT extract(epoch FROM s.expires_at - s.created_at)::int AS seconds FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'caio@cliente.test' AND s.portal ORDER BY s.created_at DESC LIMIT 1`,
    );
    expect(sessions[0].seconds).toBe(60);

    // the session ends at its expiry
    await pool().query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE email = 'caio@cliente.test')`,
    );
    expect((await as(viewer, listWebhooksRoute, "GET", "/api/v1/webhooks")).status).toBe(401);

    // a link not opened within 10 minutes
    const late = await portalUrl("portal-a", { user: { email: "duda@cliente.test" }, role: "viewer" });
    await pool().query(
      `UPDATE one_time_links SET expires_at = now() - interval '1 second' WHERE kind = 'portal' AND email = 'duda@cliente.test'`,
    );
    expect((await open(late.token)).location).toBe("/portal/ended");
    expect((await pool().query(`SELECT 1 FROM users WHERE email = 'duda@cliente.test'`)).rowCount).toBe(0);
    // a made-up token
    expect((await open("x".repeat(43))).location).toBe("/portal/ended");
  });

  it("validates the request: role, e-mail and expires_in (at most 8 hours)", async () => {
    const bad = await operator(portalRoute, "POST", "portal-a", "/portal-sessions", {
      user: { email: "nope" },
      role: "owner",
      expires_in: 9 * 3600,
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.errors).sort()).toEqual(["expires_in", "role", "user.email"]);
  });

  it("a deleted tenant's portal link opens nothing", async () => {
    await operator(putTenantRoute, "PUT", "portal-c", "", { name: "Cliente C" });
    const { token } = await portalUrl("portal-c", { user: { email: "edu@cliente.test" }, role: "admin" });
    const { DELETE } = await import("@/app/api/v1/operator/organizations/[external_id]/route");
    expect((await operator(DELETE as Handler, "DELETE", "portal-c", "")).status).toBe(204);
    expect((await open(token)).location).toBe("/portal/ended");
  });
});
