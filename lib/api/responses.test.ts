// The OpenAPI document describes the answers the API really gives: real route handlers on a real
// PostgreSQL (a real delivery to a loopback receiver, a polling feed, platform mode), and each
// success answer validated against the document's schema for its operation and status by a JSON
// Schema validator (Ajv, draft 2020-12), where an object may hold no field the document does not
// name. The last tests check that every documented success answer was seen for real, and that the
// schemas do refuse what the serializers never answer.
import { vi } from "vitest";

const OPERATOR_KEY = vi.hoisted(() => {
  const key = "nfeop_contract-key-for-tests-cccccccccccccccccccccccccccc";
  process.env.OPERATOR_API_KEY = key;
  return key;
});

import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as resendDelivery } from "@/app/api/v1/deliveries/[id]/resend/route";
import { GET as getDelivery } from "@/app/api/v1/deliveries/[id]/route";
import { POST as bulkResend } from "@/app/api/v1/deliveries/resend/route";
import { GET as failed } from "@/app/api/v1/deliveries/route";
import { GET as eventTypes } from "@/app/api/v1/event-types/route";
import { POST as resendEvent } from "@/app/api/v1/events/[id]/resend/route";
import { GET as getEvent } from "@/app/api/v1/events/[id]/route";
import * as events from "@/app/api/v1/events/route";
import { POST as invite } from "@/app/api/v1/invitations/route";
import * as preferences from "@/app/api/v1/me/notification-preferences/route";
import { POST as switchOrganization } from "@/app/api/v1/me/organization/route";
import { GET as myOrganizations } from "@/app/api/v1/me/organizations/route";
import { GET as me } from "@/app/api/v1/me/route";
import { DELETE as endSessions } from "@/app/api/v1/me/sessions/route";
import { POST as passwordReset } from "@/app/api/v1/members/[id]/password-reset/route";
import * as member from "@/app/api/v1/members/[id]/route";
import { GET as members } from "@/app/api/v1/members/route";
import * as chatWebhook from "@/app/api/v1/notifications/chat-webhook/route";
import { POST as chatTest } from "@/app/api/v1/notifications/chat-webhook/test/route";
import { GET as notifications } from "@/app/api/v1/notifications/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { GET as audit } from "@/app/api/v1/operator/audit/route";
import { POST as batch } from "@/app/api/v1/operator/events/route";
import * as tenantEvents from "@/app/api/v1/operator/organizations/[external_id]/events/route";
import { POST as portalSession } from "@/app/api/v1/operator/organizations/[external_id]/portal-sessions/route";
import * as tenant from "@/app/api/v1/operator/organizations/[external_id]/route";
import * as tenantWebhook from "@/app/api/v1/operator/organizations/[external_id]/webhooks/[id]/route";
import { POST as tenantRotate } from "@/app/api/v1/operator/organizations/[external_id]/webhooks/[id]/secret/rotate/route";
import { GET as tenantSecret } from "@/app/api/v1/operator/organizations/[external_id]/webhooks/[id]/secret/route";
import * as tenantWebhooks from "@/app/api/v1/operator/organizations/[external_id]/webhooks/route";
import { GET as tenants } from "@/app/api/v1/operator/organizations/route";
import * as tokens from "@/app/api/v1/tokens/route";
import { DELETE as revokeToken } from "@/app/api/v1/tokens/[id]/route";
import { GET as deliveries } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { POST as example } from "@/app/api/v1/webhooks/[id]/example/route";
import { POST as ack } from "@/app/api/v1/webhooks/[id]/feed/ack/route";
import { GET as feed } from "@/app/api/v1/webhooks/[id]/feed/route";
import { GET as health } from "@/app/api/v1/webhooks/[id]/health/route";
import { POST as paused } from "@/app/api/v1/webhooks/[id]/paused/route";
import { POST as ping } from "@/app/api/v1/webhooks/[id]/ping/route";
import { POST as recover } from "@/app/api/v1/webhooks/[id]/recover/route";
import * as webhook from "@/app/api/v1/webhooks/[id]/route";
import { POST as rotate } from "@/app/api/v1/webhooks/[id]/secret/rotate/route";
import { GET as secret } from "@/app/api/v1/webhooks/[id]/secret/route";
import * as webhooks from "@/app/api/v1/webhooks/route";
import { ensureAccount, type SessionUser } from "@/lib/auth/accounts";
import { pool, prisma } from "@/lib/db";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { apiClient, callRoute, sessionHeaders, type ApiClient, type ApiResponse } from "@/test/api-client";
import { runJob } from "@/test/engine-helpers";
import { cnpjFor, invoiceData } from "@/test/log-fixtures";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

type Handler = Parameters<typeof callRoute>[0];
type Schema = Record<string, unknown>;
interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: { "application/json": { schema: Schema } } }> }>>;
  components: { schemas: Record<string, Schema> };
}

let doc: Doc;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
ajv.addFormat(
  "date-time",
  (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)),
);
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat("uri", (s: string) => URL.canParse(s));
ajv.addKeyword("externalDocs");

/** The document's references to components.schemas, pointed at one Ajv schema holding them all. */
const resolvable = (schema: unknown): Schema =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"components#/$defs/'));
const validators = new Map<Schema, ValidateFunction>();
const validatorOf = (schema: Schema) => validators.get(schema) ?? validators.set(schema, ajv.compile(resolvable(schema))).get(schema)!;

/** "METHOD /path status" of every success answer validated below. */
const seen = new Set<string>();

/** Calls a route and checks its answer against the document's schema for that operation and status. */
async function documented(
  headers: Record<string, string>,
  handler: Handler,
  method: string,
  template: string,
  options: { params?: Record<string, string>; query?: string; body?: unknown } = {},
): Promise<ApiResponse> {
  const { params = {}, query = "", body } = options;
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!);
  const response = await callRoute(handler, method, path + query, { headers, params, body });
  const what = `${method} ${template} ${response.status}`;
  expect(response.status, `${what}: ${response.text.slice(0, 600)}`).toBeLessThan(300);
  const documentedAnswer = doc.paths[template]?.[method.toLowerCase()]?.responses[response.status];
  expect(documentedAnswer, `${what} is not in the document`).toBeDefined();
  const schema = documentedAnswer!.content?.["application/json"].schema;
  if (!schema) expect(response.text, what).toBe("");
  else {
    const validate = validatorOf(schema);
    expect(validate(response.json), `${what}: ${ajv.errorsText(validate.errors)}\n${response.text.slice(0, 1200)}`).toBe(true);
  }
  seen.add(what);
  return response;
}

let receiver: Receiver;
let owner: ApiClient;
let bearer: Record<string, string>;
let session: Record<string, string>;
let ownerUser: SessionUser;
const operator = { authorization: `Bearer ${OPERATOR_KEY}` };

beforeAll(async () => {
  delete process.env.SMTP_URL;
  receiver = await startReceiver(answer(200));
  owner = await apiClient("dona@contrato.test", "Contrato LTDA");
  bearer = { authorization: `Bearer ${owner.token}` };
  ownerUser = (await ensureAccount("dona@contrato.test", "Contrato LTDA")).user;
  session = await sessionHeaders(ownerUser);
  doc = (await callRoute(openapi, "GET", "/api/v1/openapi.json")).json as Doc;
  ajv.addSchema({ $id: "components", $defs: resolvable(doc.components.schemas) });
});
afterAll(async () => {
  await receiver.close();
  await closeDeliverAgents();
});

describe("an organization's answers", () => {
  it("who is calling, their organizations and preferences, the event catalog and this document", async () => {
    await documented(bearer, me, "GET", "/api/v1/me");
    await documented(session, me, "GET", "/api/v1/me");
    await documented(bearer, myOrganizations, "GET", "/api/v1/me/organizations");
    await documented(session, myOrganizations, "GET", "/api/v1/me/organizations");
    await documented(session, switchOrganization, "POST", "/api/v1/me/organization", { body: { organization_id: owner.organizationId } });
    await documented(session, preferences.GET, "GET", "/api/v1/me/notification-preferences");
    const changed = await documented(session, preferences.PUT, "PUT", "/api/v1/me/notification-preferences", {
      body: { locale: "en", email: { endpoint_recovered: false } },
    });
    expect(changed.json.preferences).toMatchObject({ locale: "en", email: { endpoint_recovered: false } });
    await documented(bearer, eventTypes, "GET", "/api/v1/event-types");
    const emites = await documented(bearer, eventTypes, "GET", "/api/v1/event-types", { query: "?format=emites" });
    expect(
      emites.json.event_types.some((t: { expressible: boolean }) => !t.expressible),
      "a type emites cannot express",
    ).toBe(true);
    await documented({}, openapi, "GET", "/api/v1/openapi.json");
  });

  let pushId: string;
  let pollingId: string;

  it("webhooks: created (tested first, or polling), listed, read, changed, tested, their secret, health, recovery", async () => {
    const created = await documented(bearer, webhooks.POST, "POST", "/api/v1/webhooks", {
      body: { url: `${receiver.url}/nfe`, description: "ERP", headers: { "X-Api-Key": "segredo" } },
    });
    pushId = created.json.webhook.id;
    expect(receiver.pings(), "the test request").toHaveLength(1);
    const polling = await documented(bearer, webhooks.POST, "POST", "/api/v1/webhooks", {
      body: { kind: "polling", description: "ERP sem URL" },
    });
    pollingId = polling.json.webhook.id;
    expect(polling.json.webhook).toMatchObject({ kind: "polling", url: null });

    const params = { id: pushId };
    await documented(bearer, webhooks.GET, "GET", "/api/v1/webhooks");
    await documented(bearer, webhook.GET, "GET", "/api/v1/webhooks/{id}", { params });
    await documented(bearer, webhook.PATCH, "PATCH", "/api/v1/webhooks/{id}", { params, body: { description: "ERP novo" } });
    await documented(bearer, webhook.PUT, "PUT", "/api/v1/webhooks/{id}", { params, body: { redact_personal: true } });
    const tested = await documented(bearer, ping, "POST", "/api/v1/webhooks/{id}/ping", { params });
    expect(tested.json.ping).toMatchObject({ ok: true, status_code: 200 });
    await documented(bearer, secret, "GET", "/api/v1/webhooks/{id}/secret", { params });
    await documented(bearer, rotate, "POST", "/api/v1/webhooks/{id}/secret/rotate", { params });
    const rotated = await documented(bearer, secret, "GET", "/api/v1/webhooks/{id}/secret", { params });
    expect(rotated.json.previous_secret, "the previous secret still signs").toMatch(/^whsec_/);
    await documented(bearer, example, "POST", "/api/v1/webhooks/{id}/example", { params, body: { type: "nfe.authorized" } });
    await documented(bearer, health, "GET", "/api/v1/webhooks/{id}/health", { params });
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const summary = await documented(bearer, health, "GET", "/api/v1/webhooks/{id}/health", { params, query: `?from=${since}` });
    expect(summary.json.deliveries_by_status).toEqual({ pending: 1 });
    await documented(bearer, recover, "POST", "/api/v1/webhooks/{id}/recover", { params, body: { since, dry_run: true } });
    await documented(bearer, recover, "POST", "/api/v1/webhooks/{id}/recover", { params, body: { since } });
    await documented(bearer, paused, "POST", "/api/v1/webhooks/{id}/paused", { params, body: { action: "discard" } });
  });

  it("events and a real delivery to a loopback receiver: publish (202, then 200 for the same id), the logs, resends", async () => {
    const body = { type: "nfe.authorized", data: invoiceData({ number: 7, cnpj: cnpjFor(7) }), id: "pedido-7" };
    const published = await documented(bearer, events.POST, "POST", "/api/v1/events", { body });
    const again = await documented(bearer, events.POST, "POST", "/api/v1/events", { body });
    expect(again.json.event.id).toBe(published.json.event.id);
    const eventId: string = published.json.event.id;
    const delivery = published.json.deliveries.find((d: { endpoint_id: string }) => d.endpoint_id === pushId);
    await runJob([delivery.id]);
    expect(receiver.events().map((r) => r.webhookId)).toContain(delivery.webhook_id);
    const figures = await documented(bearer, health, "GET", "/api/v1/webhooks/{id}/health", { params: { id: pushId } });
    expect(figures.json.hourly, "the attempt, by hour").toEqual([expect.objectContaining({ succeeded: 1 })]);

    const detail = await documented(bearer, getDelivery, "GET", "/api/v1/deliveries/{id}", { params: { id: delivery.id } });
    expect(detail.json.delivery).toMatchObject({ status: "succeeded", attempts: [{ status_code: 200, response: { body: "ok" } }] });
    const log = await documented(bearer, deliveries, "GET", "/api/v1/webhooks/{id}/deliveries", {
      params: { id: pushId },
      query: "?limit=1",
    });
    expect(log.json.next_cursor, "a second page").toEqual(expect.any(String));
    await documented(bearer, resendDelivery, "POST", "/api/v1/deliveries/{id}/resend", { params: { id: delivery.id } });
    // "Falhas": the delivery failed for good (stored so), listed across webhooks and resent in bulk
    await pool().query(`UPDATE deliveries SET status = 'failed', next_attempt_at = NULL WHERE id = $1`, [delivery.id]);
    const failures = await documented(bearer, failed, "GET", "/api/v1/deliveries");
    expect(failures.json.deliveries).toEqual([
      expect.objectContaining({ id: delivery.id, endpoint: expect.objectContaining({ id: pushId }) }),
    ]);
    const bulk = await documented(bearer, bulkResend, "POST", "/api/v1/deliveries/resend", {
      body: { ids: [delivery.id, "01a248bc-f4b7-7e4f-a7c5-640f596cb2de"] },
    });
    expect(bulk.json).toMatchObject({ queued: 1, not_found: 1 });
    await documented(bearer, events.GET, "GET", "/api/v1/events");
    const event = await documented(bearer, getEvent, "GET", "/api/v1/events/{id}", { params: { id: eventId } });
    expect(event.json.event.invoice).toMatchObject({ company_cnpj: cnpjFor(7), number: "7" });
    await documented(bearer, resendEvent, "POST", "/api/v1/events/{id}/resend", { params: { id: eventId }, body: {} });
  });

  it("the pull feed: a polling webhook's messages read (long poll) and acknowledged; a push webhook's feed", async () => {
    const read = await documented(bearer, feed, "GET", "/api/v1/webhooks/{id}/feed", { params: { id: pollingId }, query: "?wait=5" });
    expect(read.json.messages.length).toBeGreaterThan(0);
    const acked = await documented(bearer, ack, "POST", "/api/v1/webhooks/{id}/feed/ack", {
      params: { id: pollingId },
      body: { cursor: read.json.next_cursor },
    });
    expect(acked.json.delivered).toBe(read.json.messages.length);
    const afterAck = await documented(bearer, feed, "GET", "/api/v1/webhooks/{id}/feed", { params: { id: pollingId } });
    expect(afterAck.json).toMatchObject({ messages: [], acked_cursor: read.json.next_cursor });
    await documented(bearer, feed, "GET", "/api/v1/webhooks/{id}/feed", { params: { id: pushId } });
  });

  it("tokens, members, invitations, notifications and the chat webhook", async () => {
    await documented(bearer, tokens.GET, "GET", "/api/v1/tokens");
    const token = await documented(bearer, tokens.POST, "POST", "/api/v1/tokens", {
      body: { name: "CI", scope: "read", environment: "homologacao" },
    });

    const user = await prisma.user.create({ data: { email: "leitor@contrato.test", name: "Leitor", passwordHash: "x" } });
    await prisma.membership.create({ data: { userId: user.id, organizationId: owner.organizationId, role: "viewer" } });
    await documented(bearer, members, "GET", "/api/v1/members");
    await documented(bearer, member.PATCH, "PATCH", "/api/v1/members/{id}", { params: { id: user.id }, body: { role: "admin" } });
    await documented(bearer, passwordReset, "POST", "/api/v1/members/{id}/password-reset", { params: { id: user.id } });
    await documented(bearer, invite, "POST", "/api/v1/invitations", { body: { email: "nova@contrato.test", role: "viewer" } });

    await documented(bearer, chatWebhook.PUT, "PUT", "/api/v1/notifications/chat-webhook", { body: { url: `${receiver.url}/chat` } });
    await documented(bearer, chatWebhook.GET, "GET", "/api/v1/notifications/chat-webhook");
    await documented(bearer, chatTest, "POST", "/api/v1/notifications/chat-webhook/test", { body: {} });
    const sent = await documented(bearer, notifications, "GET", "/api/v1/notifications");
    expect(sent.json.notifications.map((n: { channel: string }) => n.channel).sort()).toEqual(["chat", "email"]);
    const removed = await documented(bearer, chatWebhook.DELETE, "DELETE", "/api/v1/notifications/chat-webhook");
    expect(removed.json.chat_webhook.host).toBeNull();

    await documented(bearer, revokeToken, "DELETE", "/api/v1/tokens/{id}", { params: { id: token.json.token.id } });
    await documented(bearer, member.DELETE, "DELETE", "/api/v1/members/{id}", { params: { id: user.id } });
    await documented(bearer, webhook.DELETE, "DELETE", "/api/v1/webhooks/{id}", { params: { id: pollingId } });
    const ended = await documented(session, endSessions, "DELETE", "/api/v1/me/sessions");
    expect(ended.json.ended).toBeGreaterThanOrEqual(1);
  });
});

describe("platform mode's answers", () => {
  const params = { external_id: "loja-contrato" };

  it("tenants, their webhooks, publishing (one event and a batch), portal sessions and the audit", async () => {
    const body = { name: "Loja Contrato", cnpjs: [cnpjFor(3)] };
    await documented(operator, tenant.PUT, "PUT", "/api/v1/operator/organizations/{external_id}", { params, body });
    await documented(operator, tenant.PUT, "PUT", "/api/v1/operator/organizations/{external_id}", { params, body });
    await documented(operator, tenant.GET, "GET", "/api/v1/operator/organizations/{external_id}", { params });
    await documented(operator, tenants, "GET", "/api/v1/operator/organizations");

    const base = "/api/v1/operator/organizations/{external_id}/webhooks";
    const created = await documented(operator, tenantWebhooks.POST, "POST", base, { params, body: { url: `${receiver.url}/loja` } });
    const one = { ...params, id: created.json.webhook.id };
    await documented(operator, tenantWebhooks.GET, "GET", base, { params });
    await documented(operator, tenantWebhook.GET, "GET", `${base}/{id}`, { params: one });
    await documented(operator, tenantWebhook.PATCH, "PATCH", `${base}/{id}`, { params: one, body: { ordering: "per_invoice" } });
    await documented(operator, tenantWebhook.PUT, "PUT", `${base}/{id}`, { params: one, body: { payload_format: "emites" } });
    await documented(operator, tenantSecret, "GET", `${base}/{id}/secret`, { params: one });
    await documented(operator, tenantRotate, "POST", `${base}/{id}/secret/rotate`, { params: one });

    const event = { type: "nfe.authorized", data: invoiceData({ number: 9, cnpj: cnpjFor(3) }), id: "nota-9" };
    const publish = "/api/v1/operator/organizations/{external_id}/events";
    await documented(operator, tenantEvents.POST, "POST", publish, { params, body: event });
    await documented(operator, tenantEvents.POST, "POST", publish, { params, body: event });
    await documented(operator, tenantEvents.GET, "GET", publish, { params });
    const answered = await documented(operator, batch, "POST", "/api/v1/operator/events", {
      body: {
        events: [
          { ...event, organization: "loja-contrato", id: "nota-10" },
          { ...event, organization: "loja-contrato" },
          { ...event, organization: "ninguem" },
          { organization: "loja-contrato", type: "nfe.authorized" },
          "não é um evento",
        ],
      },
    });
    expect(answered.json.results.map((r: { status: string }) => r.status)).toEqual([
      "accepted",
      "duplicate",
      "invalid",
      "invalid",
      "invalid",
    ]);

    await documented(operator, portalSession, "POST", "/api/v1/operator/organizations/{external_id}/portal-sessions", {
      params,
      body: { user: { email: "gerente@loja-contrato.test", name: "Gerente" }, role: "admin" },
    });
    const trail = await documented(operator, audit, "GET", "/api/v1/operator/audit", { query: "?organization=loja-contrato" });
    expect(trail.json.actions.length).toBeGreaterThan(5);
    await documented(operator, tenantWebhook.DELETE, "DELETE", `${base}/{id}`, { params: one });
    await documented(operator, tenant.DELETE, "DELETE", "/api/v1/operator/organizations/{external_id}", { params });
  });
});

describe("the document against real answers", () => {
  it("every documented success answer, each operation and status, was checked above against a real one", () => {
    const documentedAnswers = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, operation]) =>
        Object.keys(operation.responses)
          .filter((status) => status.startsWith("2"))
          .map((status) => `${method.toUpperCase()} ${path} ${status}`),
      ),
    );
    expect(documentedAnswers.length).toBeGreaterThan(60);
    expect([...seen].sort()).toEqual(documentedAnswers.sort());
  });

  it("refuses what the serializers never answer: a field more, a field less, a wrong type or value", () => {
    const schema = doc.paths["/api/v1/tokens"]!.post!.responses["201"]!.content!["application/json"].schema;
    const validate = validatorOf(schema);
    const token = {
      id: "0193a0b0-0000-7000-8000-000000000001",
      name: "CI",
      prefix: "nfe_abcdefgh",
      scope: "read",
      environment: null,
      last_used_at: null,
      created_at: "2026-11-12T13:15:04.000Z",
    };
    expect(validate({ token, secret: "nfe_x" })).toBe(true);
    expect(validate({ token: { ...token, secret_hash: "x" }, secret: "nfe_x" }), "an undocumented field").toBe(false);
    expect(validate({ token }), "the secret left out").toBe(false);
    expect(validate({ token: { ...token, created_at: "yesterday" }, secret: "nfe_x" }), "not a date-time").toBe(false);
    expect(validate({ token: { ...token, scope: "owner" }, secret: "nfe_x" }), "not a scope").toBe(false);
  });
});
