// The REST API of webhook endpoints, called as an API client would: Cobrato-style CRUD and error
// shapes, the test ping on save, organization isolation, secrets and their rotation, "Enviar teste".
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

// A short ping timeout so the "receiver never answers" case finishes quickly; lib/env reads it once.
vi.hoisted(() => {
  process.env.WEBHOOK_TIMEOUT_MS = "1500";
});

import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/webhooks/route";
import { DELETE as deleteRoute, GET as showRoute, PATCH as patchRoute, PUT as putRoute } from "@/app/api/v1/webhooks/[id]/route";
import { POST as pingRoute } from "@/app/api/v1/webhooks/[id]/ping/route";
import { GET as secretRoute } from "@/app/api/v1/webhooks/[id]/secret/route";
import { POST as rotateRoute } from "@/app/api/v1/webhooks/[id]/secret/rotate/route";
import { cnpjCheckDigits } from "@/lib/cnpj";
import { decrypt } from "@/lib/crypto/secret-box";
import { pool, prisma } from "@/lib/db";
import { closeDeliverAgents, CONTENT_TYPE, USER_AGENT } from "@/lib/webhooks/outbound/deliver";
import { apiClient, type ApiClient } from "@/test/api-client";
import { answer, refusingUrl, signatures, startReceiver, type ReceivedRequest, type Receiver, type Reply } from "@/test/receiver";

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => closeDeliverAgents());

async function receiver(reply?: Reply): Promise<Receiver> {
  const started = await startReceiver(reply);
  receivers.push(started);
  return started;
}

let clients = 0;
function client(): Promise<ApiClient> {
  clients++;
  return apiClient(`user${clients}@empresa${clients}.test`, `Empresa ${clients} LTDA`);
}

const VALID_CNPJ = `112223330001${cnpjCheckDigits("112223330001")}`;

async function create(api: ApiClient, body: Record<string, unknown>) {
  return api.call(createRoute, "POST", "/api/v1/webhooks", { body });
}

/** Creates an endpoint at `url` (the receiver must answer 2xx) and returns its id and secret. */
async function createdEndpoint(api: ApiClient, url: string, extra: Record<string, unknown> = {}) {
  const response = await create(api, { url, ...extra });
  expect(response.status, response.text).toBe(201);
  return { id: response.json.webhook.id as string, secret: response.json.secret as string };
}

function endpointCount(api: ApiClient): Promise<number> {
  return prisma.endpoint.count({ where: { organizationId: api.organizationId } });
}

function signedHeaders(request: ReceivedRequest): Record<string, string> {
  return {
    "webhook-id": String(request.headers["webhook-id"]),
    "webhook-timestamp": String(request.headers["webhook-timestamp"]),
    "webhook-signature": String(request.headers["webhook-signature"]),
  };
}

/** Whether a Standard Webhooks receiver holding `secret` accepts this request. */
function verifiesWith(secret: string, request: ReceivedRequest): boolean {
  try {
    new Webhook(secret).verify(request.body, signedHeaders(request));
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return false;
    throw error;
  }
}

describe("POST /api/v1/webhooks", () => {
  it("answers 201 with the webhook, its _links and a whsec_ secret, after a signed test ping", async () => {
    const api = await client();
    const hook = await receiver();
    const before = Math.floor(Date.now() / 1000);

    const response = await create(api, { url: hook.url, description: "ERP" });

    expect(response.status).toBe(201);
    const { webhook, secret } = response.json;
    expect(webhook).toMatchObject({ url: hook.url, description: "ERP", enabled: true, event_types: [], retry_policy: "default" });
    expect(webhook.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(webhook._links).toContainEqual({ rel: "self", method: "GET", href: `/api/v1/webhooks/${webhook.id}` });
    expect(webhook._links).toContainEqual({ rel: "destroy", method: "DELETE", href: `/api/v1/webhooks/${webhook.id}` });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(secret.slice("whsec_".length), "base64").length).toBeGreaterThanOrEqual(24);

    expect(hook.requests).toHaveLength(1);
    const [ping] = hook.requests;
    expect(ping!.method).toBe("POST");
    expect(ping!.headers["content-type"]).toBe(CONTENT_TYPE);
    expect(ping!.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(ping!.headers["user-agent"]).toBe(USER_AGENT);
    expect(ping!.headers["webhook-id"]).toMatch(/^msg_/);
    const timestamp = Number(ping!.headers["webhook-timestamp"]);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(JSON.parse(ping!.body)).toEqual({ type: "webhook.test", timestamp: expect.any(String), data: { test: true } });

    expect(new Webhook(secret).verify(ping!.body, signedHeaders(ping!))).toMatchObject({ type: "webhook.test" });
    expect(verifiesWith(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, ping!)).toBe(false);
    expect(await endpointCount(api)).toBe(1);
  });

  it("saves event types, CNPJs, custom headers and retry policy, and sends the custom headers on the ping", async () => {
    const api = await client();
    const hook = await receiver();
    const response = await create(api, {
      url: hook.url,
      event_types: ["nfe.authorized", "nfe.cancelled", "nfe.authorized"],
      cnpjs: [`11.222.333/0001-${VALID_CNPJ.slice(12)}`],
      headers: { Authorization: "Bearer erp-123" },
      retry_policy: "focus",
    });
    expect(response.status, response.text).toBe(201);
    expect(response.json.webhook).toMatchObject({
      event_types: ["nfe.authorized", "nfe.cancelled"],
      cnpjs: [VALID_CNPJ],
      headers: { Authorization: "Bearer erp-123" },
      retry_policy: "focus",
    });
    expect(hook.requests[0]!.headers.authorization).toBe("Bearer erp-123");
  });

  const tooManyHeaders = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-Custom-${i}`, "v"]));
  it.each([
    ["a missing url", { url: undefined }, "url"],
    ["an empty url", { url: "  " }, "url"],
    ["an ftp:// url", { url: "ftp://127.0.0.1/hooks" }, "url"],
    ["an unknown event type", { event_types: ["nfe.authorized", "nfe.exploded"] }, "event_types.1"],
    ["webhook.test as a subscription", { event_types: ["webhook.test"] }, "event_types.0"],
    ["an invalid CNPJ", { cnpjs: ["11.222.333/0001-00"] }, "cnpjs.0"],
    ["a header value with CR/LF", { headers: { "X-Tenant": "a\r\nX-Injected: 1" } }, "headers.X-Tenant"],
    ["the reserved webhook-id header", { headers: { "webhook-id": "msg_mine" } }, "headers.webhook-id"],
    ["the reserved Host header", { headers: { Host: "example.com" } }, "headers.Host"],
    ["21 custom headers", { headers: tooManyHeaders }, "headers"],
    ["an unknown retry policy", { retry_policy: "forever" }, "retry_policy"],
  ])("refuses %s with 422 naming the field, without pinging or saving", async (_case, fields, key) => {
    const api = await client();
    const hook = await receiver();
    const response = await create(api, { url: hook.url, ...fields });

    expect(response.status).toBe(422);
    expect(Object.keys(response.json.errors)).toContain(key);
    expect(response.json.errors[key].length).toBeGreaterThan(0);
    for (const message of response.json.errors[key]) expect(message).toEqual(expect.any(String));
    expect(hook.connections()).toBe(0);
    expect(await endpointCount(api)).toBe(0);
  });

  it("answers 400 to malformed JSON", async () => {
    const api = await client();
    const response = await api.call(createRoute, "POST", "/api/v1/webhooks", { body: '{"url": "http://127.0.0.1/",' });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ errors: [expect.stringMatching(/JSON/)], code: "json.malformed" });
    expect(await endpointCount(api)).toBe(0);
  });

  it("answers 422 with errors.url and the ping details when the URL answers 500, and saves nothing", async () => {
    const api = await client();
    const hook = await receiver(answer(500, "database down"));
    const response = await create(api, { url: hook.url });

    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual({ url: [expect.stringContaining("HTTP 500")] });
    expect(response.json.ping).toMatchObject({ ok: false, status_code: 500, response: { body: "database down" } });
    expect(hook.requests).toHaveLength(1);
    expect(await endpointCount(api)).toBe(0);
  });

  it("does not follow a 302: 422, and the Location target receives nothing", async () => {
    const api = await client();
    const target = await receiver();
    const hook = await receiver(answer(302, "", { location: target.url }));
    const response = await create(api, { url: hook.url });

    expect(response.status).toBe(422);
    expect(response.json.errors.url).toEqual([expect.stringMatching(/redirect/)]);
    expect(response.json.ping).toMatchObject({ ok: false, status_code: 302, error: "redirect" });
    expect(hook.requests).toHaveLength(1);
    expect(target.connections()).toBe(0);
    expect(await endpointCount(api)).toBe(0);
  });

  it("answers 422 when the receiver never answers within the timeout", async () => {
    const api = await client();
    const hook = await receiver(() => undefined);
    const response = await create(api, { url: hook.url });

    expect(response.status).toBe(422);
    expect(response.json.errors.url).toEqual([expect.stringMatching(/no answer within/)]);
    expect(response.json.ping).toMatchObject({ ok: false, status_code: null, error: "timeout" });
    expect(response.json.ping.duration_ms).toBeGreaterThanOrEqual(1400);
    expect(hook.requests).toHaveLength(1);
    expect(await endpointCount(api)).toBe(0);
  });

  it("answers 422 when the connection is refused", async () => {
    const api = await client();
    const response = await create(api, { url: await refusingUrl() });

    expect(response.status).toBe(422);
    expect(response.json.errors.url).toEqual([expect.stringMatching(/could not connect/)]);
    expect(response.json.ping).toMatchObject({ ok: false, status_code: null, error: "connect" });
    expect(await endpointCount(api)).toBe(0);
  });

  it("saves a dead URL with skip_verification: true and sends it nothing", async () => {
    const api = await client();
    const failing = await receiver(answer(500));
    const refused = await refusingUrl();

    for (const url of [failing.url, refused]) {
      const response = await create(api, { url, skip_verification: true });
      expect(response.status, response.text).toBe(201);
      expect(response.json.secret).toMatch(/^whsec_/);
    }
    expect(failing.connections()).toBe(0);
    expect(await endpointCount(api)).toBe(2);
  });
});

describe("GET, PATCH, PUT, DELETE /api/v1/webhooks/:id", () => {
  it("lists the organization's webhooks without secrets or ciphertext", async () => {
    const api = await client();
    const other = await client();
    const hook = await receiver();
    const first = await createdEndpoint(api, hook.url, { headers: { "X-Api-Key": "k-123" } });
    const second = await createdEndpoint(api, `${hook.url}/2`);
    await createdEndpoint(other, `${hook.url}/other`);

    const response = await api.call(listRoute, "GET", "/api/v1/webhooks");

    expect(response.status).toBe(200);
    expect(Object.keys(response.json)).toEqual(["webhooks"]);
    expect(response.json.webhooks.map((w: { id: string }) => w.id)).toEqual([first.id, second.id]);
    expect(response.json.webhooks[0]._links).toContainEqual({ rel: "self", method: "GET", href: `/api/v1/webhooks/${first.id}` });
    expect(response.json.webhooks[0].headers).toEqual({ "X-Api-Key": expect.not.stringContaining("k-123") });
    expect(response.text).not.toMatch(/secret|ciphertext|whsec_|k-123/i);
    expect(response.text).not.toContain(first.secret.slice("whsec_".length));
  });

  it("shows one webhook", async () => {
    const api = await client();
    const hook = await receiver();
    const { id } = await createdEndpoint(api, hook.url, { description: "Loja 1", headers: { "X-Api-Key": "k-1" } });

    const response = await api.call(showRoute, "GET", `/api/v1/webhooks/${id}`, { id });

    expect(response.status).toBe(200);
    expect(response.json.webhook).toMatchObject({ id, url: hook.url, description: "Loja 1", headers: { "X-Api-Key": "k-1" } });
    expect(response.text).not.toMatch(/secret|whsec_/i);
  });

  it("PATCH changes description and event types, and enabled toggles disabled_at", async () => {
    const api = await client();
    const hook = await receiver();
    const { id } = await createdEndpoint(api, hook.url);
    const patch = (body: unknown) => api.call(patchRoute, "PATCH", `/api/v1/webhooks/${id}`, { id, body });

    const described = await patch({ description: "Financeiro", event_types: ["nfe.rejected"] });
    expect(described.status).toBe(200);
    expect(described.json.webhook).toMatchObject({
      description: "Financeiro",
      event_types: ["nfe.rejected"],
      url: hook.url,
      enabled: true,
      disabled_at: null,
    });

    const disabled = await patch({ enabled: false });
    expect(disabled.json.webhook).toMatchObject({ enabled: false, disabled_reason: "manual", description: "Financeiro" });
    expect(Date.now() - Date.parse(disabled.json.webhook.disabled_at)).toBeLessThan(60_000);

    const enabled = await patch({ enabled: true });
    expect(enabled.json.webhook).toMatchObject({ enabled: true, disabled_at: null, disabled_reason: null });

    const shown = await api.call(showRoute, "GET", `/api/v1/webhooks/${id}`, { id });
    expect(shown.json.webhook).toMatchObject({ description: "Financeiro", event_types: ["nfe.rejected"], enabled: true });
    expect(hook.requests).toHaveLength(1);
  });

  it("PATCH refuses invalid fields with 422 and leaves the webhook as it was", async () => {
    const api = await client();
    const hook = await receiver();
    const { id } = await createdEndpoint(api, hook.url, { description: "antes" });

    const response = await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${id}`, {
      id,
      body: { description: "depois", event_types: ["nope"] },
    });

    expect(response.status).toBe(422);
    expect(Object.keys(response.json.errors)).toEqual(["event_types.0"]);
    expect((await prisma.endpoint.findUniqueOrThrow({ where: { id } })).description).toBe("antes");
  });

  it("PATCH to a new URL pings it first and refuses it when it answers 500", async () => {
    const api = await client();
    const hook = await receiver();
    const { id, secret } = await createdEndpoint(api, hook.url);
    const moved = await receiver();
    const broken = await receiver(answer(500));

    const refused = await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${id}`, { id, body: { url: broken.url } });
    expect(refused.status).toBe(422);
    expect(refused.json.errors.url).toEqual([expect.stringContaining("HTTP 500")]);

    const accepted = await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${id}`, { id, body: { url: moved.url } });
    expect(accepted.status).toBe(200);
    expect(accepted.json.webhook.url).toBe(moved.url);
    expect(moved.requests).toHaveLength(1);
    expect(verifiesWith(secret, moved.requests[0]!)).toBe(true);
  });

  it("PUT behaves like PATCH: only the fields sent change", async () => {
    const api = await client();
    const hook = await receiver();
    const { id } = await createdEndpoint(api, hook.url, { description: "antes", event_types: ["nfe.authorized"] });

    const response = await api.call(putRoute, "PUT", `/api/v1/webhooks/${id}`, { id, body: { description: "depois", enabled: false } });

    expect(response.status).toBe(200);
    expect(response.json.webhook).toMatchObject({ description: "depois", event_types: ["nfe.authorized"], url: hook.url, enabled: false });
    expect(response.json.webhook.disabled_at).toEqual(expect.any(String));
  });

  it("DELETE answers 204, then the webhook is 404 and gone from the list", async () => {
    const api = await client();
    const hook = await receiver();
    const { id } = await createdEndpoint(api, hook.url);
    const kept = await createdEndpoint(api, `${hook.url}/kept`);

    const deleted = await api.call(deleteRoute, "DELETE", `/api/v1/webhooks/${id}`, { id });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");

    const shown = await api.call(showRoute, "GET", `/api/v1/webhooks/${id}`, { id });
    expect(shown.status).toBe(404);
    expect(shown.json).toEqual({ errors: [expect.any(String)], code: "not_found" });

    const list = await api.call(listRoute, "GET", "/api/v1/webhooks");
    expect(list.json.webhooks.map((w: { id: string }) => w.id)).toEqual([kept.id]);
    expect((await api.call(deleteRoute, "DELETE", `/api/v1/webhooks/${id}`, { id })).status).toBe(404);
    expect((await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id })).status).toBe(404);
  });
});

describe("another organization's webhook", () => {
  const routes = (id: string) =>
    [
      ["GET /webhooks/:id", showRoute, "GET", `/api/v1/webhooks/${id}`, undefined],
      ["PATCH /webhooks/:id", patchRoute, "PATCH", `/api/v1/webhooks/${id}`, { description: "hacked", enabled: false }],
      ["PUT /webhooks/:id", putRoute, "PUT", `/api/v1/webhooks/${id}`, { description: "hacked", enabled: false }],
      ["DELETE /webhooks/:id", deleteRoute, "DELETE", `/api/v1/webhooks/${id}`, undefined],
      ["POST /webhooks/:id/ping", pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, undefined],
      ["GET /webhooks/:id/secret", secretRoute, "GET", `/api/v1/webhooks/${id}/secret`, undefined],
      ["POST /webhooks/:id/secret/rotate", rotateRoute, "POST", `/api/v1/webhooks/${id}/secret/rotate`, undefined],
    ] as const;

  it("is exactly 404 on every route, and stays unchanged", async () => {
    const owner = await client();
    const intruder = await client();
    const hook = await receiver();
    const { id, secret } = await createdEndpoint(owner, hook.url, { description: "original" });
    const before = await owner.call(showRoute, "GET", `/api/v1/webhooks/${id}`, { id });

    for (const [name, handler, method, path, body] of routes(id)) {
      const response = await intruder.call(handler, method, path, { id, body });
      expect(response.status, name).toBe(404);
      expect(response.json, name).toEqual({ errors: [expect.any(String)], code: "not_found" });
      expect(response.text, name).not.toContain("whsec_");
    }

    const after = await owner.call(showRoute, "GET", `/api/v1/webhooks/${id}`, { id });
    expect(after.json).toEqual(before.json);
    const secrets = await owner.call(secretRoute, "GET", `/api/v1/webhooks/${id}/secret`, { id });
    expect(secrets.json).toEqual({ secret, previous_secret: null, previous_secret_expires_at: null });
    expect(hook.requests).toHaveLength(1);
    expect((await intruder.call(listRoute, "GET", "/api/v1/webhooks")).json).toEqual({ webhooks: [] });
  });

  it("answers 404 to an id that is not a UUID, on every route", async () => {
    const api = await client();
    for (const [name, handler, method, path, body] of routes("not-a-uuid")) {
      const response = await api.call(handler, method, path, { id: "not-a-uuid", body });
      expect(response.status, name).toBe(404);
      expect(response.json, name).toEqual({ errors: [expect.any(String)], code: "not_found" });
    }
  });
});

describe("secrets", () => {
  it("stores the secret encrypted and reveals it at GET /secret", async () => {
    const api = await client();
    const hook = await receiver();
    const { id, secret } = await createdEndpoint(api, hook.url);

    const { rows } = await pool().query<{ secret_ciphertext: string }>("SELECT secret_ciphertext FROM endpoints WHERE id = $1", [id]);
    const ciphertext = rows[0]!.secret_ciphertext;
    expect(ciphertext).not.toContain(secret);
    expect(ciphertext).not.toContain(secret.slice("whsec_".length, 20));
    expect(decrypt(ciphertext)).toBe(secret);

    const revealed = await api.call(secretRoute, "GET", `/api/v1/webhooks/${id}/secret`, { id });
    expect(revealed.status).toBe(200);
    expect(revealed.json).toEqual({ secret, previous_secret: null, previous_secret_expires_at: null });
  });

  it("rotation signs with both secrets for the overlap, then with the new one only", async () => {
    const api = await client();
    const hook = await receiver();
    const { id, secret: oldSecret } = await createdEndpoint(api, hook.url);

    const rotated = await api.call(rotateRoute, "POST", `/api/v1/webhooks/${id}/secret/rotate`, { id });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.json.secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const overlapHours = (Date.parse(rotated.json.previous_secret_expires_at) - Date.now()) / 3_600_000;
    expect(overlapHours).toBeGreaterThan(23.9);
    expect(overlapHours).toBeLessThanOrEqual(24);
    const revealed = await api.call(secretRoute, "GET", `/api/v1/webhooks/${id}/secret`, { id });
    expect(revealed.json).toMatchObject({ secret: newSecret, previous_secret: oldSecret });

    expect((await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id })).json.ping.ok).toBe(true);
    const during = hook.requests.at(-1)!;
    expect(signatures(during)).toHaveLength(2);
    expect(verifiesWith(newSecret, during)).toBe(true);
    expect(verifiesWith(oldSecret, during)).toBe(true);

    await pool().query("UPDATE endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1", [id]);

    expect((await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id })).json.ping.ok).toBe(true);
    const after = hook.requests.at(-1)!;
    expect(after).not.toBe(during);
    expect(signatures(after)).toHaveLength(1);
    expect(verifiesWith(newSecret, after)).toBe(true);
    expect(verifiesWith(oldSecret, after)).toBe(false);
    const revealedAfter = await api.call(secretRoute, "GET", `/api/v1/webhooks/${id}/secret`, { id });
    expect(revealedAfter.json).toEqual({ secret: newSecret, previous_secret: null, previous_secret_expires_at: null });
  });

  it('previous_secret_expires_in "now" retires the old secret at once: the next request has one signature', async () => {
    const api = await client();
    const hook = await receiver();
    const { id, secret: oldSecret } = await createdEndpoint(api, hook.url);

    const rotated = await api.call(rotateRoute, "POST", `/api/v1/webhooks/${id}/secret/rotate`, {
      id,
      body: { previous_secret_expires_in: "now" },
    });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.json.previous_secret_expires_at).toBeNull();
    const newSecret = rotated.json.secret as string;
    const revealed = await api.call(secretRoute, "GET", `/api/v1/webhooks/${id}/secret`, { id });
    expect(revealed.json).toEqual({ secret: newSecret, previous_secret: null, previous_secret_expires_at: null });

    expect((await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id })).json.ping.ok).toBe(true);
    const sent = hook.requests.at(-1)!;
    expect(signatures(sent)).toHaveLength(1);
    expect(verifiesWith(newSecret, sent)).toBe(true);
    expect(verifiesWith(oldSecret, sent)).toBe(false);
  });

  it('previous_secret_expires_in "7d" keeps the old secret signing for a week', async () => {
    const api = await client();
    const hook = await receiver();
    const { id, secret: oldSecret } = await createdEndpoint(api, hook.url);

    const rotated = await api.call(rotateRoute, "POST", `/api/v1/webhooks/${id}/secret/rotate`, {
      id,
      body: { previous_secret_expires_in: "7d" },
    });
    expect(rotated.status, rotated.text).toBe(200);
    const overlapDays = (Date.parse(rotated.json.previous_secret_expires_at) - Date.now()) / 86_400_000;
    expect(overlapDays).toBeGreaterThan(6.99);
    expect(overlapDays).toBeLessThanOrEqual(7);
    expect((await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id })).json.ping.ok).toBe(true);
    expect(verifiesWith(oldSecret, hook.requests.at(-1)!)).toBe(true);
  });

  it("refuses an overlap it does not offer with 422 naming the field, and keeps the secret", async () => {
    const api = await client();
    const hook = await receiver();
    const { id, secret } = await createdEndpoint(api, hook.url);

    const refused = await api.call(rotateRoute, "POST", `/api/v1/webhooks/${id}/secret/rotate`, {
      id,
      body: { previous_secret_expires_in: "30d" },
    });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.json.errors)).toEqual(["previous_secret_expires_in"]);
    const revealed = await api.call(secretRoute, "GET", `/api/v1/webhooks/${id}/secret`, { id });
    expect(revealed.json.secret).toBe(secret);
  });
});

describe("POST /api/v1/webhooks/:id/ping", () => {
  it("reports a 2xx answer with status, duration, response headers and body", async () => {
    const api = await client();
    const hook = await receiver();
    const { id, secret } = await createdEndpoint(api, hook.url, { headers: { "X-Tenant": "loja-1" } });
    hook.reply = answer(202, "recebido", { "x-request-id": "abc-123", "content-type": "text/plain" });

    const response = await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id });

    expect(response.status).toBe(200);
    const { ping } = response.json;
    expect(ping).toMatchObject({ ok: true, status_code: 202, error: null, error_kind: null, message: null });
    expect(ping.duration_ms).toEqual(expect.any(Number));
    expect(ping.duration_ms).toBeGreaterThanOrEqual(0);
    expect(ping.response).toMatchObject({ body: "recebido", body_truncated: false, headers: { "x-request-id": "abc-123" } });
    expect(ping.request.headers).toMatchObject({ "X-Tenant": "loja-1", "user-agent": USER_AGENT });
    expect(Date.now() - Date.parse(ping.sent_at)).toBeLessThan(60_000);

    const sent = hook.requests.at(-1)!;
    expect(sent.body).toBe(ping.request.body);
    expect(JSON.parse(sent.body)).toMatchObject({ type: "webhook.test", data: { test: true, webhook_id: id } });
    expect(sent.headers["x-tenant"]).toBe("loja-1");
    expect(verifiesWith(secret, sent)).toBe(true);
  });

  it("reports a 500 answer", async () => {
    const api = await client();
    const hook = await receiver();
    const { id } = await createdEndpoint(api, hook.url);
    hook.reply = answer(500, "erro interno");

    const response = await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id });

    expect(response.status).toBe(200);
    expect(response.json.ping).toMatchObject({
      ok: false,
      status_code: 500,
      error_kind: "http",
      message: expect.stringContaining("HTTP 500"),
      response: { body: "erro interno" },
    });
    expect(hook.requests).toHaveLength(2);
  });

  it("reports a refused connection", async () => {
    const api = await client();
    const created = await create(api, { url: await refusingUrl(), skip_verification: true });
    const id = created.json.webhook.id as string;

    const response = await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id });

    expect(response.status).toBe(200);
    expect(response.json.ping).toMatchObject({
      ok: false,
      status_code: null,
      error: "connect",
      message: expect.stringMatching(/could not connect/),
      response: { body: "", headers: {} },
    });
  });
});
