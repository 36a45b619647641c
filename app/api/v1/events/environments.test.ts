// The two SEFAZ environments over REST: an event belongs to produção or homologação (the body's
// `environment`, else its data's `environment`/`tpAmb`, else produção) and reaches only the
// endpoints of its environment, also when resent; lists filter by environment; a token limited to
// one environment publishes, lists and makes tokens and webhooks only there.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listEvents, POST as publishRoute } from "@/app/api/v1/events/route";
import { POST as resendEventRoute } from "@/app/api/v1/events/[id]/resend/route";
import { GET as listTokens, POST as createTokenRoute } from "@/app/api/v1/tokens/route";
import { GET as listWebhooks, POST as createWebhookRoute } from "@/app/api/v1/webhooks/route";
import { DELETE as deleteWebhookRoute, GET as getWebhookRoute, PATCH as patchWebhookRoute } from "@/app/api/v1/webhooks/[id]/route";
import { GET as webhookDeliveriesRoute } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { GET as secretRoute } from "@/app/api/v1/webhooks/[id]/secret/route";
import { GET as getDeliveryRoute } from "@/app/api/v1/deliveries/[id]/route";
import { POST as bulkResendRoute } from "@/app/api/v1/deliveries/resend/route";
import { GET as getEventRoute } from "@/app/api/v1/events/[id]/route";
import { DELETE as revokeTokenRoute } from "@/app/api/v1/tokens/[id]/route";
import { pool } from "@/lib/db";
import { apiClient, callRoute, type ApiClient } from "@/test/api-client";
import { endpointAt, invoiceData } from "@/test/log-fixtures";

let api: ApiClient;
let producao: string;
let homologacao: string;

beforeAll(async () => {
  api = await apiClient("ambientes@loja.test", "Loja Ambientes LTDA");
  // nothing listens on these: no worker runs here, only where deliveries are made is under test
  producao = await endpointAt(api.organizationId, "http://127.0.0.1:9/producao");
  homologacao = await endpointAt(api.organizationId, "http://127.0.0.1:9/homologacao", { environment: "homologacao" });
});

let number = 100;
const publish = (client: ApiClient, body: Record<string, unknown>, data: Record<string, unknown> = {}) =>
  client.call(publishRoute, "POST", "/api/v1/events", {
    body: { type: "nfe.authorized", data: { ...invoiceData({ number: ++number }), ...data }, ...body },
  });

const endpointsOf = (response: { json: { deliveries: { endpoint_id: string }[] } }) => response.json.deliveries.map((d) => d.endpoint_id);

describe("routing by environment", () => {
  it("sends a homologação event only to homologação endpoints, and a produção one only to produção endpoints", async () => {
    const homolog = await publish(api, { environment: "homologacao" });
    expect(homolog.status).toBe(202);
    expect(homolog.json.event.environment).toBe("homologacao");
    expect(endpointsOf(homolog)).toEqual([homologacao]);

    const prod = await publish(api, { environment: "producao" });
    expect(prod.json.event.environment).toBe("producao");
    expect(endpointsOf(prod)).toEqual([producao]);

    // in the database too: no delivery crosses environments
    const { rows } = await pool().query(
      `SELECT 1 FROM deliveries d JOIN events ev ON ev.id = d.event_id JOIN endpoints e ON e.id = d.endpoint_id
       WHERE ev.organization_id = $1 AND e.environment <> ev.environment`,
      [api.organizationId],
    );
    expect(rows).toEqual([]);
  });

  it("takes the environment from the data (environment, tpAmb) when the body does not say, else produção", async () => {
    expect((await publish(api, {}, { tpAmb: 2 })).json.event.environment).toBe("homologacao");
    expect((await publish(api, {}, { tpAmb: "1" })).json.event.environment).toBe("producao");
    expect((await publish(api, {}, { environment: "homologacao" })).json.event.environment).toBe("homologacao");
    const plain = await publish(api, {});
    expect(plain.json.event.environment).toBe("producao");
    expect(endpointsOf(plain)).toEqual([producao]);
  });

  it("refuses an environment the data contradicts, or one that does not exist, naming the field and storing nothing", async () => {
    const before = await pool().query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1`, [api.organizationId]);
    const contradicted = await publish(api, { environment: "producao" }, { tpAmb: 2 });
    expect(contradicted.status).toBe(422);
    expect(contradicted.json.field_codes.environment).toEqual(["environment.mismatch"]);
    const unknown = await publish(api, { environment: "teste" });
    expect(unknown.status).toBe(422);
    expect(Object.keys(unknown.json.errors)).toEqual(["environment"]);
    const after = await pool().query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1`, [api.organizationId]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("resends an event only to endpoints of its environment", async () => {
    const homolog = await publish(api, { environment: "homologacao" });
    const id = homolog.json.event.id;
    const resent = await api.call(resendEventRoute, "POST", `/api/v1/events/${id}/resend`, { id, body: {} });
    expect(resent.status).toBe(202);
    expect(resent.json.queued.map((d: { endpoint_id: string }) => d.endpoint_id)).toEqual([homologacao]);
    const named = await api.call(resendEventRoute, "POST", `/api/v1/events/${id}/resend`, { id, body: { endpoint_ids: [producao] } });
    expect(named.status).toBe(422);
  });

  it("filters the events and webhooks lists by environment", async () => {
    const events = await api.call(listEvents, "GET", "/api/v1/events?environment=homologacao&limit=100");
    expect(events.status).toBe(200);
    expect(events.json.events.length).toBeGreaterThan(0);
    expect(events.json.events.every((e: { environment: string }) => e.environment === "homologacao")).toBe(true);
    const webhooks = await api.call(listWebhooks, "GET", "/api/v1/webhooks?environment=homologacao");
    expect(webhooks.json.webhooks.map((w: { id: string; environment: string }) => [w.id, w.environment])).toEqual([
      [homologacao, "homologacao"],
    ]);
    const all = await api.call(listWebhooks, "GET", "/api/v1/webhooks");
    expect(all.json.webhooks).toHaveLength(2);
    const bad = await api.call(listEvents, "GET", "/api/v1/events?environment=prod");
    expect(bad.status).toBe(422);
  });
});

describe("a token limited to homologação", () => {
  let limited: string;
  const asLimited = (handler: Parameters<typeof callRoute>[0], method: string, path: string, body?: unknown, id?: string) =>
    callRoute(handler, method, path, { body, id, headers: { authorization: `Bearer ${limited}` } });

  beforeAll(async () => {
    const created = await api.call(createTokenRoute, "POST", "/api/v1/tokens", {
      body: { name: "homologação", environment: "homologacao" },
    });
    expect(created.status).toBe(201);
    expect(created.json.token.environment).toBe("homologacao");
    limited = created.json.secret;
  });

  it("publishes in homologação by default, and is refused produção with a 422 on environment", async () => {
    const ok = await asLimited(publishRoute, "POST", "/api/v1/events", { type: "nfe.authorized", data: invoiceData({ number: ++number }) });
    expect(ok.status).toBe(202);
    expect(ok.json.event.environment).toBe("homologacao");
    expect(endpointsOf(ok)).toEqual([homologacao]);
    const refused = await asLimited(publishRoute, "POST", "/api/v1/events", {
      type: "nfe.authorized",
      environment: "producao",
      data: invoiceData({ number: ++number }),
    });
    expect(refused.status).toBe(422);
    expect(refused.json.field_codes.environment).toEqual(["environment.token_limited"]);
    const byData = await asLimited(publishRoute, "POST", "/api/v1/events", {
      type: "nfe.authorized",
      data: { ...invoiceData({ number: ++number }), tpAmb: 1 },
    });
    expect(byData.status).toBe(422);
  });

  it("lists only homologação, and refuses to list produção", async () => {
    const events = await asLimited(listEvents, "GET", "/api/v1/events?limit=100");
    expect(events.json.events.every((e: { environment: string }) => e.environment === "homologacao")).toBe(true);
    const webhooks = await asLimited(listWebhooks, "GET", "/api/v1/webhooks");
    expect(webhooks.json.webhooks.map((w: { id: string }) => w.id)).toEqual([homologacao]);
    const refused = await asLimited(listWebhooks, "GET", "/api/v1/webhooks?environment=producao");
    expect(refused.status).toBe(422);
  });

  it("makes tokens and webhooks only in homologação", async () => {
    const token = await asLimited(createTokenRoute, "POST", "/api/v1/tokens", { name: "derivado" });
    expect(token.status).toBe(201);
    expect(token.json.token.environment).toBe("homologacao");
    const wider = await asLimited(createTokenRoute, "POST", "/api/v1/tokens", { name: "ambos", environment: null });
    expect(wider.status).toBe(422);
    const listed = await api.call(listTokens, "GET", "/api/v1/tokens");
    expect(listed.json.tokens.find((t: { name: string }) => t.name === "derivado").environment).toBe("homologacao");

    const webhook = await asLimited(createWebhookRoute, "POST", "/api/v1/webhooks", {
      url: "http://127.0.0.1:9/x",
      skip_verification: true,
    });
    // the URL policy refuses loopback addresses here; what matters is that produção is refused first
    const prodWebhook = await asLimited(createWebhookRoute, "POST", "/api/v1/webhooks", {
      url: "http://127.0.0.1:9/y",
      environment: "producao",
      skip_verification: true,
    });
    expect(prodWebhook.status).toBe(422);
    expect(prodWebhook.json.field_codes.environment).toEqual(["environment.token_limited"]);
    expect(webhook.json.field_codes?.environment).toBeUndefined();
    const moved = await asLimited(patchWebhookRoute, "PATCH", `/api/v1/webhooks/${homologacao}`, { environment: "producao" }, homologacao);
    expect(moved.status).toBe(422);
  });

  it("reaches nothing of produção by its id: its webhooks, their deliveries and secret, its events and tokens answer 404, and nothing changes", async () => {
    const prodEvent = await publish(api, { environment: "producao" });
    const prodDelivery = prodEvent.json.deliveries[0].id as string;
    const homologEvent = await publish(api, { environment: "homologacao" });
    const prodToken = await api.call(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "produção", environment: "producao" } });
    const wh = `/api/v1/webhooks/${producao}`;
    const refused = [
      await asLimited(getWebhookRoute, "GET", wh, undefined, producao),
      await asLimited(secretRoute, "GET", `${wh}/secret`, undefined, producao),
      await asLimited(webhookDeliveriesRoute, "GET", `${wh}/deliveries`, undefined, producao),
      await asLimited(patchWebhookRoute, "PATCH", wh, { description: "mudada" }, producao),
      await asLimited(patchWebhookRoute, "PATCH", wh, { environment: "homologacao" }, producao),
      await asLimited(deleteWebhookRoute, "DELETE", wh, undefined, producao),
      await asLimited(getDeliveryRoute, "GET", `/api/v1/deliveries/${prodDelivery}`, undefined, prodDelivery),
      await asLimited(getEventRoute, "GET", `/api/v1/events/${prodEvent.json.event.id}`, undefined, prodEvent.json.event.id),
      await asLimited(revokeTokenRoute, "DELETE", `/api/v1/tokens/${prodToken.json.token.id}`, undefined, prodToken.json.token.id),
    ];
    expect(refused.map((r) => [r.status, r.json?.code])).toEqual(refused.map(() => [404, "not_found"]));
    const bulk = await asLimited(bulkResendRoute, "POST", "/api/v1/deliveries/resend", { ids: [prodDelivery] });
    expect(bulk.json).toMatchObject({ queued: 0, not_found: 1 });
    // its own environment's rows still answer
    const own = await asLimited(
      getEventRoute,
      "GET",
      `/api/v1/events/${homologEvent.json.event.id}`,
      undefined,
      homologEvent.json.event.id,
    );
    expect(own.status).toBe(200);
    expect((await asLimited(getWebhookRoute, "GET", `/api/v1/webhooks/${homologacao}`, undefined, homologacao)).status).toBe(200);
    // nothing changed
    const { rows } = await pool().query(`SELECT environment, description, deleted_at FROM endpoints WHERE id = $1`, [producao]);
    expect(rows[0]).toMatchObject({ environment: "producao", deleted_at: null });
    expect(rows[0].description).not.toBe("mudada");
    const tokens = await api.call(listTokens, "GET", "/api/v1/tokens");
    expect(tokens.json.tokens.map((t: { id: string }) => t.id)).toContain(prodToken.json.token.id);
  });
});
