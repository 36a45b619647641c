// Platform mode over REST: the operator key works on operator routes only (and organization tokens
// never there), tenants by the integrator's id (idempotent upsert, keyset list, soft delete),
// publishing on a tenant's behalf with the semantics of POST /api/v1/events, the batch route
// answering per item, endpoints managed per tenant, and every tenant route answering 404 for an
// unknown tenant or another tenant's ids. Real route handlers on a real PostgreSQL.
import { vi } from "vitest";

const KEYS = vi.hoisted(() => {
  const keys = ["nfeop_primary-key-for-tests-aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "nfeop_rotated-key-for-tests-bbbbbbbbbbbbbbbbbbbbbbbbbbbb"];
  process.env.OPERATOR_API_KEY = keys.join(",");
  return keys;
});

import { beforeAll, describe, expect, it } from "vitest";
import { GET as listWebhooksRoute } from "@/app/api/v1/webhooks/route";
import { POST as publishRoute } from "@/app/api/v1/events/route";
import { GET as listTenantsRoute } from "@/app/api/v1/operator/organizations/route";
import {
  DELETE as deleteTenantRoute,
  GET as getTenantRoute,
  PUT as putTenantRoute,
} from "@/app/api/v1/operator/organizations/[external_id]/route";
import { POST as tenantPublishRoute } from "@/app/api/v1/operator/organizations/[external_id]/events/route";
import {
  GET as tenantWebhooksRoute,
  POST as tenantCreateWebhookRoute,
} from "@/app/api/v1/operator/organizations/[external_id]/webhooks/route";
import {
  DELETE as tenantDeleteWebhookRoute,
  GET as tenantWebhookRoute,
  PATCH as tenantPatchWebhookRoute,
} from "@/app/api/v1/operator/organizations/[external_id]/webhooks/[id]/route";
import { GET as tenantSecretRoute } from "@/app/api/v1/operator/organizations/[external_id]/webhooks/[id]/secret/route";
import { POST as tenantRotateRoute } from "@/app/api/v1/operator/organizations/[external_id]/webhooks/[id]/secret/rotate/route";
import { POST as portalRoute } from "@/app/api/v1/operator/organizations/[external_id]/portal-sessions/route";
import { POST as batchRoute } from "@/app/api/v1/operator/events/route";
import { GET as auditRoute } from "@/app/api/v1/operator/audit/route";
import { pool } from "@/lib/db";
import { apiClient, callRoute, type ApiClient, type CallOptions } from "@/test/api-client";
import { cnpjFor, invoiceData } from "@/test/log-fixtures";

type Handler = Parameters<typeof callRoute>[0];
const asOperator = (handler: Handler, method: string, path: string, options: CallOptions = {}, key = KEYS[0]!) =>
  callRoute(handler, method, path, { ...options, headers: { authorization: `Bearer ${key}`, ...options.headers } });
const tenantCall = (handler: Handler, method: string, externalId: string, rest = "", options: CallOptions = {}) =>
  asOperator(handler, method, `/api/v1/operator/organizations/${externalId}${rest}`, {
    ...options,
    params: { external_id: externalId, ...options.params },
  });
const putTenant = (externalId: string, body: unknown) => tenantCall(putTenantRoute, "PUT", externalId, "", { body });

let orgClient: ApiClient;
beforeAll(async () => {
  orgClient = await apiClient("dona@loja-propria.test", "Loja Própria");
});

describe("the operator credential", () => {
  it("works on operator routes, with any of the rotated keys, and nowhere else", async () => {
    for (const key of KEYS) {
      expect((await asOperator(listTenantsRoute, "GET", "/api/v1/operator/organizations", {}, key)).status).toBe(200);
    }
    const onOrgRoute = await callRoute(listWebhooksRoute, "GET", "/api/v1/webhooks", { headers: { authorization: `Bearer ${KEYS[0]}` } });
    expect(onOrgRoute.status).toBe(401);
    const publish = await callRoute(publishRoute, "POST", "/api/v1/events", {
      headers: { authorization: `Bearer ${KEYS[0]}` },
      body: { type: "nfe.authorized", data: invoiceData({ number: 1 }) },
    });
    expect(publish.status).toBe(401);
  });

  it("refuses organization tokens, wrong keys, Basic and no credential on operator routes", async () => {
    const withToken = await orgClient.call(listTenantsRoute, "GET", "/api/v1/operator/organizations");
    expect(withToken.status).toBe(401);
    expect(withToken.json.code).toBe("operator.required");
    const wrong = await asOperator(listTenantsRoute, "GET", "/api/v1/operator/organizations", {}, `${KEYS[0]}x`);
    expect(wrong.status).toBe(401);
    const basic = await callRoute(listTenantsRoute, "GET", "/api/v1/operator/organizations", {
      headers: { authorization: `Basic ${Buffer.from(`${KEYS[0]}:`).toString("base64")}` },
    });
    expect(basic.status).toBe(401);
    expect((await callRoute(listTenantsRoute, "GET", "/api/v1/operator/organizations")).status).toBe(401);
    // nothing was created by any of them
    expect((await putTenant("cli-never", { name: "x" })).status).toBe(201);
    const tokenPut = await orgClient.call(putTenantRoute, "PUT", "/api/v1/operator/organizations/cli-token", {
      params: { external_id: "cli-token" },
      body: { name: "Invasora" },
    });
    expect(tokenPut.status).toBe(401);
    expect((await pool().query(`SELECT 1 FROM organizations WHERE external_id = 'cli-token'`)).rowCount).toBe(0);
  });
});

describe("tenants", () => {
  it("PUT creates once and then updates the same organization (idempotent)", async () => {
    const created = await putTenant("cliente-42", { name: "Padaria Pão Quente", cnpjs: [cnpjFor(42)] });
    expect(created.status).toBe(201);
    expect(created.json.organization).toMatchObject({ external_id: "cliente-42", name: "Padaria Pão Quente", cnpjs: [cnpjFor(42)] });
    const again = await putTenant("cliente-42", { name: "Padaria Pão Quente ME" });
    expect(again.status).toBe(200);
    expect(again.json.organization).toMatchObject({
      id: created.json.organization.id,
      name: "Padaria Pão Quente ME",
      cnpjs: [cnpjFor(42)],
    });
    const read = await tenantCall(getTenantRoute, "GET", "cliente-42");
    expect(read.json.organization.name).toBe("Padaria Pão Quente ME");
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM organizations WHERE external_id = 'cliente-42'`);
    expect(rows[0].n).toBe(1);
  });

  it("refuses a CNPJ with wrong check digits, a blank name and a malformed external id, changing nothing", async () => {
    const bad = await putTenant("cliente-cnpj", { name: "Loja", cnpjs: ["11.222.333/0001-00"] });
    expect(bad.status).toBe(422);
    expect(bad.json.field_codes["cnpjs.0"]).toEqual(["cnpj.invalid"]);
    const blank = await putTenant("cliente-cnpj", { name: " " });
    expect(blank.status).toBe(422);
    expect(blank.json.errors.name).toBeDefined();
    const malformed = await putTenant("bad%20id", { name: "Loja" });
    expect(malformed.status).toBe(422);
    expect(malformed.json.errors.external_id).toBeDefined();
    expect((await pool().query(`SELECT 1 FROM organizations WHERE external_id IN ('cliente-cnpj', 'bad id')`)).rowCount).toBe(0);
  });

  it("lists newest first, page by page with a cursor", async () => {
    for (const n of [1, 2, 3]) await putTenant(`pagina-${n}`, { name: `Página ${n}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const page = await asOperator(listTenantsRoute, "GET", `/api/v1/operator/organizations${query}`);
      expect(page.status).toBe(200);
      expect(page.json.organizations.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.organizations.map((o: { external_id: string }) => o.external_id));
      cursor = page.json.next_cursor;
    } while (cursor);
    expect(seen.filter((id) => id.startsWith("pagina-"))).toEqual(["pagina-3", "pagina-2", "pagina-1"]);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await asOperator(listTenantsRoute, "GET", "/api/v1/operator/organizations?cursor=nonsense")).status).toBe(400);
  });

  it("DELETE is soft: nothing more is sent or published, the log stays, PUT brings the tenant back", async () => {
    await putTenant("cliente-sai", { name: "Vai Sair" });
    const hook = await tenantCall(tenantCreateWebhookRoute, "POST", "cliente-sai", "/webhooks", {
      body: { url: "http://127.0.0.1:9/erp", skip_verification: true },
    });
    expect(hook.status).toBe(201);
    const published = await tenantCall(tenantPublishRoute, "POST", "cliente-sai", "/events", {
      body: { type: "nfe.authorized", data: invoiceData({ number: 7 }) },
    });
    expect(published.status).toBe(202);
    expect((await tenantCall(deleteTenantRoute, "DELETE", "cliente-sai")).status).toBe(204);

    expect((await tenantCall(getTenantRoute, "GET", "cliente-sai")).status).toBe(404);
    const after = await tenantCall(tenantPublishRoute, "POST", "cliente-sai", "/events", {
      body: { type: "nfe.authorized", data: invoiceData({ number: 8 }) },
    });
    expect(after.status).toBe(404);
    const { rows } = await pool().query(
      `SELECT d.status, e.deleted_at IS NOT NULL AS endpoint_deleted FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id WHERE d.event_id = $1`,
      [published.json.event.id],
    );
    expect(rows).toEqual([{ status: "cancelled", endpoint_deleted: true }]);
    expect((await pool().query(`SELECT 1 FROM events WHERE id = $1`, [published.json.event.id])).rowCount).toBe(1);
    expect(
      (await asOperator(listTenantsRoute, "GET", "/api/v1/operator/organizations?limit=200")).json.organizations.map(
        (o: { external_id: string }) => o.external_id,
      ),
    ).not.toContain("cliente-sai");

    const back = await putTenant("cliente-sai", { name: "Voltou" });
    expect(back.status).toBe(200);
    expect((await tenantCall(tenantWebhooksRoute, "GET", "cliente-sai", "/webhooks")).json.webhooks).toEqual([]);
  });
});

describe("publishing on a tenant's behalf", () => {
  it("has the semantics of POST /api/v1/events: 202, then 200 with the same event for the same id; errors name the field", async () => {
    await putTenant("cliente-pub", { name: "Publica" });
    await tenantCall(tenantCreateWebhookRoute, "POST", "cliente-pub", "/webhooks", {
      body: { url: "http://127.0.0.1:9/a", skip_verification: true },
    });
    const body = { type: "nfe.authorized", data: invoiceData({ number: 11 }), id: "nota-11" };
    const first = await tenantCall(tenantPublishRoute, "POST", "cliente-pub", "/events", { body });
    expect(first.status).toBe(202);
    expect(first.json.deliveries).toHaveLength(1);
    const second = await tenantCall(tenantPublishRoute, "POST", "cliente-pub", "/events", { body });
    expect(second.status).toBe(200);
    expect(second.json.event.id).toBe(first.json.event.id);
    expect(second.json.deliveries).toEqual(first.json.deliveries);
    const { rows } = await pool().query(`SELECT published_by FROM events WHERE id = $1`, [first.json.event.id]);
    expect(rows[0].published_by).toMatch(/^operator:[0-9a-f]{12}$/);

    const invalid = await tenantCall(tenantPublishRoute, "POST", "cliente-pub", "/events", { body: { type: "nfe.nope", data: {} } });
    expect(invalid.status).toBe(422);
    expect(invalid.json.errors.type).toBeDefined();
    const unknown = await tenantCall(tenantPublishRoute, "POST", "nao-existe", "/events", { body });
    expect(unknown.status).toBe(404);
  });

  it("the batch stores the valid items once and answers each item: accepted, duplicate or its errors", async () => {
    await putTenant("lote-a", { name: "Lote A" });
    await putTenant("lote-b", { name: "Lote B" });
    await tenantCall(tenantPublishRoute, "POST", "lote-a", "/events", {
      body: { type: "nfe.authorized", data: invoiceData({ number: 1 }), id: "ja-existe" },
    });
    const events = [
      { organization: "lote-a", type: "nfe.authorized", data: invoiceData({ number: 2 }), id: "a-2" },
      { organization: "lote-a", type: "nfe.authorized", data: invoiceData({ number: 1 }), id: "ja-existe" },
      { organization: "lote-b", type: "nfe.authorized", data: invoiceData({ number: 2 }), id: "a-2" }, // same id, another tenant
      { organization: "lote-a", type: "nfe.authorized", data: invoiceData({ number: 2 }), id: "a-2" }, // repeated in the batch
      { organization: "lote-a", type: "nfe.inexistente", data: {} },
      { organization: "nao-existe", type: "nfe.authorized", data: invoiceData({ number: 3 }) },
      { organization: "lote-b", type: "nfe.authorized" },
      "not an object",
      { organization: "lote-b", type: "nfe.cancelled", data: invoiceData({ type: "nfe.cancelled", number: 9 }) },
    ];
    const batch = await asOperator(batchRoute, "POST", "/api/v1/operator/events", { body: { events } });
    expect(batch.status).toBe(200);
    expect(batch.json.results.map((r: { status: string }) => r.status)).toEqual([
      "accepted",
      "duplicate",
      "accepted",
      "duplicate",
      "invalid",
      "invalid",
      "invalid",
      "invalid",
      "accepted",
    ]);
    expect(batch.json).toMatchObject({ accepted: 3, duplicate: 2, invalid: 4 });
    const results = batch.json.results;
    expect(results[3].event.id).toBe(results[0].event.id);
    // a duplicate of an earlier request answers the stored event as POST /api/v1/events's 200 does
    const stored = { environment: "producao", sequence: expect.any(Number) };
    expect(results[1].event).toMatchObject({ idempotency_key: "ja-existe", ...stored });
    expect(results[2].event.id).not.toBe(results[0].event.id);
    expect(results[4].errors.type).toBeDefined();
    expect(results[5]).toMatchObject({ organization: "nao-existe", code: "not_found" });
    expect(results[6].errors.data).toBeDefined();
    const { rows } = await pool().query(
      `SELECT o.external_id, count(*)::int AS n FROM events e JOIN organizations o ON o.id = e.organization_id
       WHERE o.external_id IN ('lote-a', 'lote-b') GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { external_id: "lote-a", n: 2 },
      { external_id: "lote-b", n: 2 },
    ]);
  });

  it("refuses a batch over 500 events or without events, storing nothing", async () => {
    const tooMany = Array.from({ length: 501 }, (_, i) => ({
      organization: "lote-a",
      type: "nfe.authorized",
      data: invoiceData({ number: 1000 + i }),
    }));
    const refused = await asOperator(batchRoute, "POST", "/api/v1/operator/events", { body: { events: tooMany } });
    expect(refused.status).toBe(422);
    expect(refused.json.errors.events).toBeDefined();
    expect((await asOperator(batchRoute, "POST", "/api/v1/operator/events", { body: {} })).status).toBe(422);
    expect((await pool().query(`SELECT 1 FROM events WHERE number::int >= 1000`)).rowCount).toBe(0);
  });
});

describe("endpoints of a tenant, and isolation", () => {
  it("manages a tenant's webhooks with the shapes of /api/v1/webhooks, and another tenant's ids answer 404 on every route", async () => {
    await putTenant("dono-a", { name: "Dono A" });
    await putTenant("dono-b", { name: "Dono B" });
    const created = await tenantCall(tenantCreateWebhookRoute, "POST", "dono-a", "/webhooks", {
      body: { url: "http://127.0.0.1:9/erp-a", description: "ERP A", skip_verification: true },
    });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^whsec_/);
    const id = created.json.webhook.id;
    expect((await tenantCall(tenantWebhooksRoute, "GET", "dono-a", "/webhooks")).json.webhooks.map((w: { id: string }) => w.id)).toEqual([
      id,
    ]);
    const patched = await tenantCall(tenantPatchWebhookRoute, "PATCH", "dono-a", `/webhooks/${id}`, {
      id,
      body: { description: "ERP A2" },
    });
    expect(patched.json.webhook.description).toBe("ERP A2");
    expect((await tenantCall(tenantSecretRoute, "GET", "dono-a", `/webhooks/${id}/secret`, { id })).json.secret).toBe(created.json.secret);
    const rotated = await tenantCall(tenantRotateRoute, "POST", "dono-a", `/webhooks/${id}/secret/rotate`, { id });
    expect(rotated.status).toBe(200);

    // tenant B, an unknown tenant, and tenant A's own organization token's view
    for (const other of ["dono-b", "ninguem"]) {
      expect((await tenantCall(tenantWebhookRoute, "GET", other, `/webhooks/${id}`, { id })).status).toBe(404);
      expect(
        (await tenantCall(tenantPatchWebhookRoute, "PATCH", other, `/webhooks/${id}`, { id, body: { description: "x" } })).status,
      ).toBe(404);
      expect((await tenantCall(tenantSecretRoute, "GET", other, `/webhooks/${id}/secret`, { id })).status).toBe(404);
      expect((await tenantCall(tenantRotateRoute, "POST", other, `/webhooks/${id}/secret/rotate`, { id })).status).toBe(404);
      expect((await tenantCall(tenantDeleteWebhookRoute, "DELETE", other, `/webhooks/${id}`, { id })).status).toBe(404);
    }
    for (const [handler, method, rest, body] of [
      [getTenantRoute, "GET", "", undefined],
      [deleteTenantRoute, "DELETE", "", undefined],
      [tenantWebhooksRoute, "GET", "/webhooks", undefined],
      [tenantCreateWebhookRoute, "POST", "/webhooks", { url: "http://127.0.0.1:9/x", skip_verification: true }],
      [tenantPublishRoute, "POST", "/events", { type: "nfe.authorized", data: invoiceData({ number: 5 }) }],
      [portalRoute, "POST", "/portal-sessions", { user: { email: "x@y.test" }, role: "admin" }],
    ] as const) {
      expect((await tenantCall(handler as Handler, method, "ninguem", rest, { body })).status).toBe(404);
    }
    expect((await orgClient.call(listWebhooksRoute, "GET", "/api/v1/webhooks")).json.webhooks).toEqual([]);
    expect((await tenantCall(tenantWebhookRoute, "GET", "dono-a", `/webhooks/${id}`, { id })).json.webhook.description).toBe("ERP A2");
    expect((await tenantCall(tenantDeleteWebhookRoute, "DELETE", "dono-a", `/webhooks/${id}`, { id })).status).toBe(204);
  });

  it("creates a tenant's polling endpoint too (no URL, no test request)", async () => {
    const polling = await tenantCall(tenantCreateWebhookRoute, "POST", "dono-b", "/webhooks", {
      body: { kind: "polling", description: "ERP sem URL" },
    });
    expect(polling.status).toBe(201);
    expect(polling.json.webhook).toMatchObject({ kind: "polling", url: null, description: "ERP sem URL" });
    const withUrl = await tenantCall(tenantCreateWebhookRoute, "POST", "dono-b", "/webhooks", {
      body: { kind: "polling", url: "http://127.0.0.1:9/x" },
    });
    expect(withUrl.status).toBe(422);
  });

  it("audits every change with the key's id, the tenant and the outcome, never the key or a secret", async () => {
    const audit = await asOperator(auditRoute, "GET", "/api/v1/operator/audit?organization=dono-a");
    expect(audit.status).toBe(200);
    const actions = audit.json.actions.map((a: { action: string }) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "organization.upsert",
        "webhook.create",
        "webhook.update",
        "webhook.secret.reveal",
        "webhook.secret.rotate",
        "webhook.delete",
      ]),
    );
    expect(audit.json.actions.every((a: { key_id: string; status: number }) => /^[0-9a-f]{12}$/.test(a.key_id) && a.status < 300)).toBe(
      true,
    );
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM operator_actions WHERE external_id = 'ninguem' AND status = 404`);
    expect(rows[0].n).toBeGreaterThan(0);
    const everything = JSON.stringify((await pool().query(`SELECT * FROM operator_actions`)).rows);
    for (const key of KEYS) expect(everything).not.toContain(key);
    expect(everything).not.toContain("whsec_");
  });
});

describe("the web process's fast path", () => {
  it("answers the operator's publishing routes over node:http as the Next.js handlers do", async () => {
    const { createServer } = await import("node:http");
    const { serveNode } = await import("@/lib/api/node-route");
    await putTenant("rapido", { name: "Rápido" });
    const server = createServer((req, res) => {
      const tenant = /^\/api\/v1\/operator\/organizations\/([^/?#]+)\/events$/.exec(req.url!);
      if (tenant) void serveNode(tenantPublishRoute.definition, req, res, { external_id: tenant[1]! });
      else void serveNode(batchRoute.definition, req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const post = (path: string, body: unknown, key: string = KEYS[0]!) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    try {
      const body = { type: "nfe.authorized", data: invoiceData({ number: 77 }), id: "rapida-77" };
      expect((await post("/api/v1/operator/organizations/rapido/events", body)).status).toBe(202);
      expect((await post("/api/v1/operator/organizations/rapido/events", body)).status).toBe(200);
      expect((await post("/api/v1/operator/organizations/ninguem/events", body)).status).toBe(404);
      expect((await post("/api/v1/operator/organizations/rapido/events", body, orgClient.token)).status).toBe(401);
      const batch = await post("/api/v1/operator/events", {
        events: [
          { organization: "rapido", ...body },
          { organization: "rapido", type: "nfe.authorized", data: invoiceData({ number: 78 }) },
        ],
      });
      expect(batch.status).toBe(200);
      expect(await batch.json()).toMatchObject({ accepted: 1, duplicate: 1, invalid: 0 });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
