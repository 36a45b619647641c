// Disabling never drops an invoice: an endpoint disabled automatically (or by hand) keeps what it had
// waiting, paused, and so are the events published meanwhile; on re-enable someone delivers them all,
// oldest first, or discards them (who and when on record). Recover brings back paused and cancelled
// deliveries too, filtered by type, with a dry run first.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WEBHOOK_RETRY_SCHEDULE = "1,1,1,1,1";
  process.env.AUTO_DISABLE_AFTER_FAILURES = "2";
  process.env.ENDPOINT_CONCURRENCY = "1"; // one request at a time: arrival order is delivery order
});

import { POST as pausedRoute } from "@/app/api/v1/webhooks/[id]/paused/route";
import { PATCH as patchRoute } from "@/app/api/v1/webhooks/[id]/route";
import { POST as recoverRoute } from "@/app/api/v1/webhooks/[id]/recover/route";
import { pool } from "@/lib/db";
import { pauseEndpointDeliveries } from "@/lib/webhooks/endpoints/pause";
import { releaseIfEnabled } from "@/lib/webhooks/engine/paused";
import { enqueue } from "@/lib/webhooks/engine/resend";
import { runDeliverJob } from "@/lib/webhooks/engine/dispatch";
import { DEFAULT_LIMITS, EndpointLimiter } from "@/lib/webhooks/engine/endpoint-limiter";
import { recordOutcomes } from "@/lib/webhooks/engine/record";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import { apiClient, type ApiClient } from "@/test/api-client";
import { deliveryStates, endpointState, statusCounts, waitFor } from "@/test/engine-helpers";
import { endpointAt, publishInvoice } from "@/test/log-fixtures";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

let api: ApiClient;
let worker: WorkerHandle | undefined;
const receivers: Receiver[] = [];

beforeAll(async () => {
  api = await apiClient("pausa@loja.test", "Loja Pausa LTDA");
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await closeDeliverAgents();
});

async function receiver(status: number) {
  const started = await startReceiver(answer(status));
  receivers.push(started);
  return started;
}

/** Publishes an invoice; its delivery to `endpointId` (every test adds an endpoint to the same organization). */
const publishTo = async (endpointId: string, fields: Parameters<typeof publishInvoice>[1]) =>
  (await publishInvoice(api.organizationId, fields)).deliveries.find((d) => d.endpoint_id === endpointId)!.id;

const startTheWorker = async () => {
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4, pollIntervalMs: 100 });
};

/** An endpoint that fails until disabled automatically, with `waiting` invoices retrying and `later` published after. */
async function disabledEndpointWithBacklog(numbers: number[], later: number[]) {
  const hook = await receiver(500);
  const endpointId = await endpointAt(api.organizationId, hook.url);
  const ids: string[] = [];
  for (const number of numbers) ids.push(await publishTo(endpointId, { number }));
  await startTheWorker();
  await waitFor("the endpoint to be disabled", async () => !(await endpointState(endpointId)).enabled, { timeoutMs: 20_000 });
  await waitFor("its deliveries to wait, paused", async () => (await statusCounts(ids)).paused === ids.length);
  await worker!.stop();
  worker = undefined;
  for (const number of later) ids.push(await publishTo(endpointId, { number }));
  return { hook, endpointId, ids };
}

const settle = (endpointId: string, action: "deliver" | "discard") =>
  api.call(pausedRoute, "POST", `/api/v1/webhooks/${endpointId}/paused`, { id: endpointId, body: { action } });

describe("an endpoint disabled automatically", () => {
  it("keeps its retrying deliveries and the events published meanwhile paused; re-enabled, it gets them all, oldest first", async () => {
    const { hook, endpointId, ids } = await disabledEndpointWithBacklog([1, 2], [3, 4, 5]);
    const sentBefore = hook.requests.length;
    expect(await statusCounts(ids)).toEqual({ paused: 5 });
    expect((await endpointState(endpointId)).disabled_reason).toBe("failing");

    // delivering needs the endpoint enabled first
    expect((await settle(endpointId, "deliver")).status).toBe(409);
    const enabled = await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${endpointId}`, { id: endpointId, body: { enabled: true } });
    expect(enabled.json.webhook).toMatchObject({ enabled: true, paused_deliveries: 5 });
    expect(await statusCounts(ids)).toEqual({ paused: 5 }); // enabling alone decides nothing

    hook.reply = answer(200);
    const delivered = await settle(endpointId, "deliver");
    expect(delivered.json).toEqual({ action: "deliver", count: 5 });
    await startTheWorker();
    await waitFor("every paused delivery to arrive", async () => (await statusCounts(ids)).succeeded === 5, { timeoutMs: 20_000 });
    const arrived = hook.requests.slice(sentBefore).map((r) => r.webhookId);
    expect(arrived).toEqual(ids.map(messageId));
  });

  it("discards what it kept paused on request, recording who and when, and sends nothing", async () => {
    const { hook, endpointId, ids } = await disabledEndpointWithBacklog([11], [12]);
    const sentBefore = hook.requests.length;
    const discarded = await settle(endpointId, "discard");
    expect(discarded.json).toEqual({ action: "discard", count: 2 });
    const { rows } = await pool().query(`SELECT status, discarded_by, discarded_at FROM deliveries WHERE id = ANY ($1)`, [ids]);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "discarded", discarded_by: expect.stringMatching(/^token:/), discarded_at: expect.any(Date) });
    }
    await startTheWorker();
    await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${endpointId}`, { id: endpointId, body: { enabled: true } });
    expect(hook.requests.length).toBe(sentBefore);
  });
});

describe("an endpoint disabled by hand", () => {
  it("pauses what it had waiting instead of cancelling it", async () => {
    const hook = await receiver(200);
    const endpointId = await endpointAt(api.organizationId, hook.url);
    const first = await publishTo(endpointId, { number: 21 });
    const disabled = await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${endpointId}`, { id: endpointId, body: { enabled: false } });
    expect(disabled.status).toBe(200);
    expect((await deliveryStates([first]))[0]).toMatchObject({ status: "paused", next_attempt_at: null });
    await startTheWorker();
    const published = await publishTo(endpointId, { number: 22 });
    await waitFor(
      "the job of the first delivery to be done",
      async () => (await pool().query(`SELECT 1 FROM graphile_worker._private_jobs`)).rowCount === 0,
    );
    expect(hook.requests).toHaveLength(0);
    expect(await statusCounts([first, published])).toEqual({ paused: 2 });
  });
});

describe("enabling while the engine is pausing or publishing", () => {
  // the worker pauses what a disabled endpoint had waiting in a statement after the one that disabled
  // it, and a publish reads the endpoint before it commits: an enable-and-deliver in between must not
  // leave deliveries paused behind an enabled endpoint
  it("a late pause does not touch an endpoint enabled meanwhile", async () => {
    const hook = await receiver(200);
    const endpointId = await endpointAt(api.organizationId, hook.url);
    const delivery = await publishTo(endpointId, { number: 31 });
    expect(await pauseEndpointDeliveries(pool(), [endpointId])).toBe(0);
    expect(await statusCounts([delivery])).toEqual({ pending: 1 });
  });

  it("a delivery published paused while the endpoint was being enabled goes out once the publish commits", async () => {
    const hook = await receiver(200);
    const delivery = await publishTo(await endpointAt(api.organizationId, hook.url), { number: 32 });
    // as the publish statement wrote it, having read the endpoint still disabled
    await pool().query(`UPDATE deliveries SET status = 'paused', next_attempt_at = NULL WHERE id = $1`, [delivery]);
    await releaseIfEnabled([delivery]);
    await startTheWorker();
    await waitFor("the delivery", async () => (await statusCounts([delivery])).succeeded === 1);
    expect(hook.requests).toHaveLength(1);
  });

  it("a job that saw the endpoint disabled and records after it was enabled leaves nothing paused", async () => {
    const hook = await receiver(200);
    const delivery = await publishTo(await endpointAt(api.organizationId, hook.url), { number: 34 });
    // what dispatch records for a delivery whose endpoint it loaded disabled
    await recordOutcomes(pool(), [{ closure: { delivery_id: delivery, status: "paused", reason: "endpoint disabled" } }]);
    await startTheWorker();
    await waitFor("the delivery", async () => (await statusCounts([delivery])).succeeded === 1);
  });

  it("a job made within the millisecond after a release sends what was released", async () => {
    const hook = await receiver(200);
    const delivery = await publishTo(await endpointAt(api.organizationId, hook.url), { number: 35 });
    await pool().query(`DELETE FROM graphile_worker._private_jobs`);
    await enqueue([delivery], "auto");
    const { rows } = await pool().query<{ id: string; created_at: Date }>(`SELECT id::text, created_at FROM graphile_worker._private_jobs`);
    const job = rows[0]!;
    // released_at keeps milliseconds, rounded: a release 0.1–0.4 ms before its job reads up to 1 ms after it
    await pool().query(
      `UPDATE deliveries SET released_at = (SELECT created_at FROM graphile_worker._private_jobs WHERE id = $2) + interval '0.5 millisecond'
       WHERE id = $1`,
      [delivery, job.id],
    );
    // as graphile-worker runs it: its creation handed over as a Date (cut to the millisecond)
    const limiter = new EndpointLimiter({ ...DEFAULT_LIMITS, limit: 1, patientWaitMs: 1_000 });
    await runDeliverJob(
      pool(),
      { deliveries: [delivery], trigger: "auto", queued: false },
      { limiter, jobId: job.id, jobCreatedAt: job.created_at },
    );
    expect(await statusCounts([delivery])).toEqual({ succeeded: 1 });
    expect(hook.requests).toHaveLength(1);
  });

  it("stays paused when the endpoint is still disabled", async () => {
    const hook = await receiver(200);
    const endpointId = await endpointAt(api.organizationId, hook.url);
    await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${endpointId}`, { id: endpointId, body: { enabled: false } });
    const delivery = await publishTo(endpointId, { number: 33 });
    await releaseIfEnabled([delivery]);
    expect(await statusCounts([delivery])).toEqual({ paused: 1 });
  });
});

describe("recover", () => {
  it("brings back paused and cancelled deliveries of some event types when asked, counted by a dry run first", async () => {
    const hook = await receiver(200);
    const endpointId = await endpointAt(api.organizationId, hook.url);
    const since = new Date(Date.now() - 60_000).toISOString();
    const authorized = await publishTo(endpointId, { number: 31 });
    const cancelled = await publishTo(endpointId, { number: 32, type: "nfe.cancelled" });
    const failed = await publishTo(endpointId, { number: 33 });
    await pool().query(`UPDATE deliveries SET status = 'paused' WHERE id = $1`, [authorized]);
    await pool().query(`UPDATE deliveries SET status = 'cancelled' WHERE id = $1`, [cancelled]);
    await pool().query(`UPDATE deliveries SET status = 'failed' WHERE id = $1`, [failed]);
    await pool().query(`DELETE FROM graphile_worker._private_jobs`); // their publish jobs: only recover may send them
    const recover = (body: Record<string, unknown>) =>
      api.call(recoverRoute, "POST", `/api/v1/webhooks/${endpointId}/recover`, { id: endpointId, body: { since, ...body } });

    expect((await recover({ dry_run: true })).json.count).toBe(1); // failed only, by default
    const body = { statuses: ["paused", "cancelled"], event_types: ["nfe.authorized"] };
    const dry = await recover({ ...body, dry_run: true });
    expect(dry.status).toBe(200);
    expect(dry.json.count).toBe(1);
    const real = await recover(body);
    expect(real.status).toBe(202);
    expect(real.json.count).toBe(dry.json.count);

    await startTheWorker();
    await waitFor("the recovered delivery to succeed", async () => (await statusCounts([authorized])).succeeded === 1);
    expect(hook.requests[0]!.webhookId).toBe(messageId(authorized));
    expect(await statusCounts([authorized, cancelled, failed])).toEqual({ succeeded: 1, cancelled: 1, failed: 1 });
    expect((await recover({ statuses: ["sent"] })).json.field_codes).toEqual({ "statuses.0": ["invalid_option"] });
  });
});
