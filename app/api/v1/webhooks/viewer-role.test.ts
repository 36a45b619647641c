// Roles through the route layer: a viewer of the organization can read its webhooks but not change
// them. Real session cookies (next-auth JWTs); the role is read from the membership rows, as in
// production.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/accounts";

import { GET as listRoute, POST as createRoute } from "@/app/api/v1/webhooks/route";
import { DELETE as deleteRoute, GET as showRoute, PATCH as patchRoute } from "@/app/api/v1/webhooks/[id]/route";
import { POST as pingRoute } from "@/app/api/v1/webhooks/[id]/ping/route";
import { GET as secretRoute } from "@/app/api/v1/webhooks/[id]/secret/route";
import { POST as rotateRoute } from "@/app/api/v1/webhooks/[id]/secret/rotate/route";
import { canChange } from "@/lib/api/principal";
import { sessionUserFor } from "@/lib/auth/accounts";
import { prisma } from "@/lib/db";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { apiClient, callRoute, sessionHeaders, type CallOptions } from "@/test/api-client";
import { startReceiver, type Receiver } from "@/test/receiver";

let hook: Receiver;
let endpointId: string;
let owner: SessionUser;
let viewer: SessionUser;

beforeAll(async () => {
  hook = await startReceiver();
  const api = await apiClient("dona@padaria.test", "Padaria LTDA");
  const created = await api.call(createRoute, "POST", "/api/v1/webhooks", {
    body: { url: hook.url, description: "ERP", headers: { "X-Api-Key": "segredo" } },
  });
  endpointId = created.json.webhook.id;
  const user = await prisma.user.create({ data: { email: "leitor@padaria.test", name: "Leitor", passwordHash: "unused" } });
  await prisma.membership.create({ data: { userId: user.id, organizationId: api.organizationId, role: "viewer" } });
  viewer = (await sessionUserFor(user.id))!;
  owner = (await sessionUserFor(api.userId))!;
});
afterAll(async () => {
  await hook.close();
  await closeDeliverAgents();
});

/** A same-origin dashboard request with the user's session cookie, no token. */
async function asUser(
  user: SessionUser,
  handler: Parameters<typeof callRoute>[0],
  method: string,
  path: string,
  options: CallOptions = {},
) {
  return callRoute(handler, method, path, { ...options, headers: await sessionHeaders(user) });
}

describe("a viewer", () => {
  it("has the viewer role in the organization, and only owners and admins can change", () => {
    expect(viewer).toMatchObject({ role: "viewer", organizationId: owner.organizationId });
    expect([canChange("owner"), canChange("admin"), canChange("viewer")]).toEqual([true, true, false]);
  });

  it("can list and read the organization's webhooks, with header values masked", async () => {
    const list = await asUser(viewer, listRoute, "GET", "/api/v1/webhooks");
    expect(list.status).toBe(200);
    expect(list.json.webhooks.map((w: { id: string }) => w.id)).toEqual([endpointId]);
    const one = await asUser(viewer, showRoute, "GET", `/api/v1/webhooks/${endpointId}`, { id: endpointId });
    expect(one.status).toBe(200);
    expect(one.json.webhook).toMatchObject({ id: endpointId, description: "ERP", headers: { "X-Api-Key": expect.any(String) } });
    expect(one.text).not.toContain("segredo");
    const asOwner = await asUser(owner, showRoute, "GET", `/api/v1/webhooks/${endpointId}`, { id: endpointId });
    expect(asOwner.json.webhook.headers).toEqual({ "X-Api-Key": "segredo" });
  });

  it("gets 403 on every change and on revealing the secret, and nothing changes", async () => {
    const path = `/api/v1/webhooks/${endpointId}`;
    const attempts = [
      [createRoute, "POST", "/api/v1/webhooks", { body: { url: hook.url } }],
      [patchRoute, "PATCH", path, { id: endpointId, body: { description: "mudado" } }],
      [deleteRoute, "DELETE", path, { id: endpointId }],
      [pingRoute, "POST", `${path}/ping`, { id: endpointId }],
      [secretRoute, "GET", `${path}/secret`, { id: endpointId }],
      [rotateRoute, "POST", `${path}/secret/rotate`, { id: endpointId }],
    ] as const;
    for (const [handler, method, url, options] of attempts) {
      const response = await asUser(viewer, handler, method, url, options);
      expect(response.status, `${method} ${url}`).toBe(403);
      expect(response.json, `${method} ${url}`).toEqual({ errors: [expect.stringMatching(/role/)], code: "role.forbidden" });
    }
    const endpoint = await prisma.endpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expect(endpoint).toMatchObject({ description: "ERP", deletedAt: null });
    expect(await prisma.endpoint.count()).toBe(1);
    expect(hook.requests).toHaveLength(1);
  });

  it("is refused where the owner, with the same request, succeeds", async () => {
    const path = `/api/v1/webhooks/${endpointId}`;
    const byViewer = await asUser(viewer, patchRoute, "PATCH", path, { id: endpointId, body: { description: "pelo leitor" } });
    const byOwner = await asUser(owner, patchRoute, "PATCH", path, { id: endpointId, body: { description: "pela dona" } });
    expect([byViewer.status, byOwner.status]).toEqual([403, 200]);
    expect(byOwner.json.webhook.description).toBe("pela dona");
  });
});
