// "Reenviar selecionadas" on "Falhas": POST /api/v1/deliveries/resend {ids}, against loopback
// receivers. Each of the organization's deliveries that may be sent again gets a new attempt (as
// "Reenviar" gives one); the others are answered one by one, and another organization's are never touched.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// One retry after the first attempt, so a delivery fails for good after two attempts.
vi.hoisted(() => {
  process.env.WEBHOOK_RETRY_SCHEDULE = "1";
});

import { POST as bulkResendRoute } from "@/app/api/v1/deliveries/resend/route";
import { pool } from "@/lib/db";
import { deleteEndpoint } from "@/lib/webhooks/endpoints/store";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { apiClient, type ApiClient } from "@/test/api-client";
import { runJob, waitFor } from "@/test/engine-helpers";
import { cnpjFor, endpointAt, invoiceData, publishInvoice } from "@/test/log-fixtures";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

const receivers: Receiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}
let worker: WorkerHandle | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await closeDeliverAgents();
});

async function attemptsOf(deliveryId: string) {
  const { rows } = await pool().query<{ number: number; trigger: string; response_status: number | null }>(
    `SELECT number, trigger, response_status FROM attempts WHERE delivery_id = $1 ORDER BY number`,
    [deliveryId],
  );
  return rows;
}

/** Every delivery of the organization as it stands. */
async function snapshot(organizationId: string) {
  const { rows } = await pool().query(
    `SELECT id, status, attempt_count, next_attempt_at, updated_at FROM deliveries WHERE organization_id = $1 ORDER BY id`,
    [organizationId],
  );
  return rows;
}

/** Jobs queued by a resend (trigger manual) for any of `ids`. */
async function manualJobsFor(ids: string[]): Promise<number> {
  const { rows } = await pool().query(
    `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j
     WHERE j.payload->>'trigger' = 'manual'
       AND EXISTS (SELECT 1 FROM json_array_elements_text(j.payload->'deliveries') x WHERE x = ANY ($1::text[]))`,
    [ids],
  );
  return rows[0].n;
}

let invoiceNumber = 500;
/** `count` deliveries to `hook`'s endpoint in `api`'s organization that failed for good (two attempts, HTTP 500). */
async function failedDeliveries(api: ApiClient, hook: Receiver, count: number, extra: Record<string, unknown> = {}) {
  const cnpj = cnpjFor(++invoiceNumber);
  const endpointId = await endpointAt(api.organizationId, hook.url, { cnpjs: [cnpj], ...extra });
  const ids = [];
  for (let i = 0; i < count; i++) ids.push((await publishInvoice(api.organizationId, { number: ++invoiceNumber, cnpj })).deliveries[0]!.id);
  await runJob(ids);
  await pool().query(`UPDATE deliveries SET next_attempt_at = now() WHERE id = ANY ($1)`, [ids]); // the retries are due now
  await runJob(ids);
  const { rows } = await pool().query(`SELECT DISTINCT status FROM deliveries WHERE id = ANY ($1)`, [ids]);
  expect(rows).toEqual([{ status: "failed" }]);
  return { endpointId, ids };
}

const resend = (api: ApiClient, ids: unknown) => api.call(bulkResendRoute, "POST", "/api/v1/deliveries/resend", { body: { ids } });

describe("resending a selection of deliveries", () => {
  let owner: ApiClient;
  let stranger: ApiClient;
  beforeAll(async () => {
    owner = await apiClient("falhas@loja.test", "Loja Falhas LTDA");
    stranger = await apiClient("outra@mercado.test", "Mercado Outro SA");
  });

  it("queues a new attempt of each (trigger manual, same webhook-id) and the receiver gets them; another organization's ids are not found and never touched", async () => {
    const hook = await receiver(answer(500, "fora do ar"));
    const { ids } = await failedDeliveries(owner, hook, 3);
    const strangerHook = await receiver(answer(500));
    const { ids: strangers } = await failedDeliveries(stranger, strangerHook, 1);
    const strangerBefore = await snapshot(stranger.organizationId);
    const unknown = "0190aaaa-0000-7000-8000-000000000000";

    const response = await resend(owner, [...ids, strangers[0], unknown, ids[0]]);
    expect(response.status, response.text).toBe(202);
    expect(response.json).toEqual({
      queued: 3,
      refused: 0,
      not_found: 2,
      results: [
        ...ids.map((id) => ({ id, result: "queued" })),
        { id: strangers[0], result: "not_found" },
        { id: unknown, result: "not_found" },
      ],
    });
    expect(await manualJobsFor(ids)).toBe(1);
    expect(await manualJobsFor(strangers)).toBe(0);

    hook.reply = answer(200, "voltei");
    const before = hook.requests.length;
    worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4, pollIntervalMs: 100 });
    await waitFor("the three resends to be recorded", async () => (await Promise.all(ids.map(attemptsOf))).every((a) => a.length === 3));
    for (const id of ids) {
      expect(await attemptsOf(id)).toEqual([
        { number: 1, trigger: "auto", response_status: 500 },
        { number: 2, trigger: "auto", response_status: 500 },
        { number: 3, trigger: "manual", response_status: 200 },
      ]);
    }
    expect(
      hook.requests
        .slice(before)
        .map((r) => r.webhookId)
        .sort(),
    ).toEqual(ids.map(messageId).sort());
    const { rows } = await pool().query(`SELECT DISTINCT status FROM deliveries WHERE id = ANY ($1)`, [ids]);
    expect(rows).toEqual([{ status: "succeeded" }]);
    expect(await snapshot(stranger.organizationId)).toEqual(strangerBefore);
    expect(strangerHook.requests).toHaveLength(2);
  });

  it("refuses, for that delivery only, one whose webhook was deleted, is disabled or is read by polling; the others go", async () => {
    const hook = await receiver(answer(500));
    const [deleted, disabled, polling, healthy] = [
      await failedDeliveries(owner, hook, 1),
      await failedDeliveries(owner, hook, 1),
      await failedDeliveries(owner, hook, 1),
      await failedDeliveries(owner, hook, 1),
    ];
    await deleteEndpoint(owner.organizationId, deleted.endpointId);
    await pool().query(`UPDATE endpoints SET enabled = false WHERE id = $1`, [disabled.endpointId]);
    await pool().query(`UPDATE endpoints SET kind = 'polling' WHERE id = $1`, [polling.endpointId]);

    const response = await resend(owner, [deleted.ids[0], disabled.ids[0], polling.ids[0], healthy.ids[0]]);
    expect(response.status, response.text).toBe(202);
    expect(response.json).toMatchObject({ queued: 1, refused: 3, not_found: 0 });
    expect(response.json.results).toEqual([
      { id: deleted.ids[0], result: "refused", code: "webhook.deleted", error: expect.stringMatching(/deleted/) },
      { id: disabled.ids[0], result: "refused", code: "webhook.disabled", error: expect.stringMatching(/enable/) },
      { id: polling.ids[0], result: "refused", code: "webhook.polling", error: expect.stringMatching(/feed/) },
      { id: healthy.ids[0], result: "queued" },
    ]);
    hook.reply = answer(200);
    worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4, pollIntervalMs: 100 });
    await waitFor("the healthy one to be resent", async () => (await attemptsOf(healthy.ids[0]!)).length === 3);
    for (const refused of [deleted, disabled, polling]) expect(await attemptsOf(refused.ids[0]!)).toHaveLength(2);
  });

  it("refuses one waiting for an earlier delivery of its invoice (delivery.waiting_predecessor), as a single resend does", async () => {
    const hook = await receiver(answer(200));
    await endpointAt(owner.organizationId, hook.url, { ordering: "per_invoice", cnpjs: [cnpjFor(900)] });
    const invoice = { number: 900, cnpj: cnpjFor(900) };
    const publish = (type: string) => publishEvent(owner.organizationId, { type, data: invoiceData({ type, ...invoice }) });
    // no worker: the invoice's first delivery stays pending (open), so the second must wait for it
    const first = (await publish("nfe.authorized")).deliveries[0]!;
    const second = (await publish("nfe.cancelled")).deliveries[0]!;
    const { rows } = await pool().query(`SELECT status, sequence FROM deliveries WHERE id = ANY ($1) ORDER BY created_at`, [
      [first.id, second.id],
    ]);
    expect(rows).toEqual([
      { status: "pending", sequence: 1 },
      { status: "pending", sequence: 2 },
    ]);

    const response = await resend(owner, [second.id]);
    expect(response.status).toBe(202);
    expect(response.json).toEqual({
      queued: 0,
      refused: 1,
      not_found: 0,
      results: [{ id: second.id, result: "refused", code: "delivery.waiting_predecessor", error: expect.stringMatching(/earlier/) }],
    });
    expect(await manualJobsFor([second.id])).toBe(0);
  });

  it("sends two failed deliveries of one invoice to an endpoint that orders per invoice in their order", async () => {
    const hook = await receiver(answer(200));
    await endpointAt(owner.organizationId, hook.url, { ordering: "per_invoice", cnpjs: [cnpjFor(901)] });
    const invoice = { number: 901, cnpj: cnpjFor(901) };
    const publish = (type: string) => publishEvent(owner.organizationId, { type, data: invoiceData({ type, ...invoice }) });
    const ids = [(await publish("nfe.authorized")).deliveries[0]!.id, (await publish("nfe.cancelled")).deliveries[0]!.id];
    // both failed for good before (the state "Falhas" lists); nothing else will send them
    await pool().query(`UPDATE deliveries SET status = 'failed', next_attempt_at = NULL WHERE id = ANY ($1)`, [ids]);

    const response = await resend(owner, [ids[1], ids[0]]);
    expect(response.json).toMatchObject({ queued: 2, refused: 0 });
    worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4, pollIntervalMs: 100 });
    await waitFor("both to be sent", () => hook.events().length === 2);
    expect(hook.events().map((r) => r.webhookId)).toEqual(ids.map(messageId));
  });

  it("takes 1 to 100 delivery ids (422 otherwise) and changes nothing when refused", async () => {
    const before = await snapshot(owner.organizationId);
    const many = Array.from({ length: 101 }, (_, i) => `0190aaaa-0000-7000-8000-${String(i).padStart(12, "0")}`);
    for (const [ids, code] of [
      [[], "blank"],
      [many, "too_many"],
      [["msg_123"], "invalid"],
      [undefined, "blank"],
    ] as const) {
      const response = await resend(owner, ids);
      expect(response.status, JSON.stringify(ids)).toBe(422);
      expect(Object.keys(response.json.errors).join(), JSON.stringify(ids)).toMatch(/^ids/);
      expect(Object.values(response.json.field_codes).flat(), JSON.stringify(ids)).toContain(code);
    }
    const exactly100 = await resend(owner, many.slice(0, 100));
    expect([exactly100.status, exactly100.json.not_found]).toEqual([202, 100]);
    expect(await snapshot(owner.organizationId)).toEqual(before);
  });
});
