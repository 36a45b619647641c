// The notifications API: a member's own preferences (bad input named, nothing changed), the chat
// webhook (URL policy at save time, the URL never answered back), the list of messages (admins only,
// their own organization only).
import { beforeAll, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/v1/notifications/route";
import { DELETE as removeChat, GET as getChat, PUT as putChat } from "@/app/api/v1/notifications/chat-webhook/route";
import { POST as testChat } from "@/app/api/v1/notifications/chat-webhook/test/route";
import { GET as getPreferences, PUT as putPreferences } from "@/app/api/v1/me/notification-preferences/route";
import { POST as inviteRoute } from "@/app/api/v1/invitations/route";
import { ensureAccount, type SessionUser } from "@/lib/auth/accounts";
import { prisma } from "@/lib/db";
import { apiClient, callRoute, sessionHeaders, type ApiClient } from "@/test/api-client";

let owner: SessionUser;
let viewer: SessionUser;
let other: ApiClient;
beforeAll(async () => {
  delete process.env.SMTP_URL;
  owner = (await ensureAccount("dona@avisos.test", "Avisos LTDA")).user;
  const user = await prisma.user.create({ data: { email: "leitor@avisos.test", name: "Leitor", passwordHash: "x" } });
  await prisma.membership.create({ data: { userId: user.id, organizationId: owner.organizationId, role: "viewer" } });
  viewer = { ...owner, id: user.id, email: user.email, name: user.name, role: "viewer" };
  other = await apiClient("dono@outra.test", "Outra LTDA");
});

it("keeps each member's choices; bad input names the field and changes nothing", async () => {
  const headers = await sessionHeaders(owner);
  const initial = await callRoute(getPreferences, "GET", "/api/v1/me/notification-preferences", { headers });
  expect(initial.json.preferences).toEqual({
    locale: "pt-BR",
    email: { endpoint_failing: true, endpoint_disabled: true, delivery_exhausted: true, endpoint_recovered: true },
  });
  const bad = await callRoute(putPreferences, "PUT", "/api/v1/me/notification-preferences", {
    headers,
    body: { locale: "fr", email: { endpoint_failing: false } },
  });
  expect(bad.status).toBe(422);
  expect(Object.keys(bad.json.errors)).toEqual(["locale"]);
  const unknownKind = await callRoute(putPreferences, "PUT", "/api/v1/me/notification-preferences", {
    headers,
    body: { email: { everything: false } },
  });
  expect(unknownKind.status).toBe(422);
  expect((await callRoute(getPreferences, "GET", "/api/v1/me/notification-preferences", { headers })).json).toEqual(initial.json);

  const saved = await callRoute(putPreferences, "PUT", "/api/v1/me/notification-preferences", {
    headers,
    body: { locale: "en", email: { delivery_exhausted: false } },
  });
  expect(saved.json.preferences).toEqual({
    locale: "en",
    email: { endpoint_failing: true, endpoint_disabled: true, delivery_exhausted: false, endpoint_recovered: true },
  });
  expect(await prisma.membership.findFirstOrThrow({ where: { userId: owner.id }, select: { alertOptOut: true } })).toEqual({
    alertOptOut: ["delivery_exhausted"],
  });
  // an API token has no member to speak for
  expect((await other.call(getPreferences, "GET", "/api/v1/me/notification-preferences")).status).toBe(403);
});

it("saves the chat webhook after the URL policy and never answers the URL back", async () => {
  const headers = await sessionHeaders(owner);
  const metadata = await callRoute(putChat, "PUT", "/api/v1/notifications/chat-webhook", {
    headers,
    body: { url: "http://169.254.169.254/latest/meta-data" },
  });
  expect(metadata.status).toBe(422);
  expect(metadata.json.field_codes).toEqual({ url: ["url.blocked"] });
  const scheme = await callRoute(putChat, "PUT", "/api/v1/notifications/chat-webhook", { headers, body: { url: "ftp://chat/x" } });
  expect(scheme.status).toBe(422);
  expect(Object.keys(scheme.json.errors)).toEqual(["url"]);
  expect((await callRoute(getChat, "GET", "/api/v1/notifications/chat-webhook", { headers })).json).toEqual({
    chat_webhook: { host: null },
  });

  const saved = await callRoute(putChat, "PUT", "/api/v1/notifications/chat-webhook", {
    headers,
    body: { url: "http://127.0.0.1:9/services/T0/B0/segredo" },
  });
  expect(saved.json).toEqual({ chat_webhook: { host: "127.0.0.1:9" } });
  expect(saved.text).not.toContain("segredo");
  const stored = await prisma.organization.findUniqueOrThrow({
    where: { id: owner.organizationId },
    select: { chatWebhookCiphertext: true },
  });
  expect(stored.chatWebhookCiphertext).not.toContain("segredo");
  // viewers cannot change it; another organization does not see it
  expect(
    (await callRoute(removeChat, "DELETE", "/api/v1/notifications/chat-webhook", { headers: await sessionHeaders(viewer) })).status,
  ).toBe(403);
  expect((await other.call(getChat, "GET", "/api/v1/notifications/chat-webhook")).json).toEqual({ chat_webhook: { host: null } });
  expect((await other.call(testChat, "POST", "/api/v1/notifications/chat-webhook/test", { body: {} })).status).toBe(422);
  expect((await callRoute(removeChat, "DELETE", "/api/v1/notifications/chat-webhook", { headers })).json).toEqual({
    chat_webhook: { host: null },
  });
});

it("lists the organization's messages to its admins only", async () => {
  const headers = await sessionHeaders(owner);
  await callRoute(inviteRoute, "POST", "/api/v1/invitations", { headers, body: { email: "colega@avisos.test" } });
  const list = await callRoute(listRoute, "GET", "/api/v1/notifications?limit=10", { headers });
  expect(list.status).toBe(200);
  expect(list.json.notifications).toEqual([
    expect.objectContaining({
      kind: "invitation",
      channel: "email",
      to: "colega@avisos.test",
      status: "unsent",
      text: expect.stringContaining("/invite?token="),
    }),
  ]);
  expect((await callRoute(listRoute, "GET", "/api/v1/notifications", { headers: await sessionHeaders(viewer) })).status).toBe(403);
  expect((await other.call(listRoute, "GET", "/api/v1/notifications")).json.notifications).toEqual([]);
  expect((await callRoute(listRoute, "GET", "/api/v1/notifications?cursor=nope", { headers })).status).toBe(400);
});
