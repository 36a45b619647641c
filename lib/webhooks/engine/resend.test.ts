// "Reenviar" (one delivery, or an event to all its webhooks) and "Recuperar falhas" (bulk re-queue of
// an endpoint's failed deliveries), through the REST API, against loopback receivers.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// One retry after the first attempt, so a delivery fails for good after two attempts.
vi.hoisted(() => {
  process.env.WEBHOOK_RETRY_SCHEDULE = "1";
});

import { GET as deliveryRoute } from "@/app/api/v1/deliveries/[id]/route";
import { POST as resendRoute } from "@/app/api/v1/deliveries/[id]/resend/route";
import { POST as eventResendRoute } from "@/app/api/v1/events/[id]/resend/route";
import { GET as deliveriesRoute } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { POST as recoverRoute } from "@/app/api/v1/webhooks/[id]/recover/route";
import { pool } from "@/lib/db";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { runDeliverJob } from "@/lib/webhooks/engine/dispatch";
import { deleteEndpoint } from "@/lib/webhooks/endpoints/store";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import { apiClient, type ApiClient } from "@/test/api-client";
import { cnpjFor, endpointAt, insertAttempts, insertDelivery, publishInvoice, waitUntil } from "@/test/log-fixtures";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

const receivers: Receiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}
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

describe("resending one delivery", () => {
  let api: ApiClient;
  beforeAll(async () => {
    api = await apiClient("reenvio@loja.test", "Loja Reenvio LTDA");
  });

  /** An endpoint at a new receiver (only events of its own CNPJ) and one delivery to it, not yet attempted. */
  async function deliveryTo(hook: Receiver, n: number) {
    const cnpj = cnpjFor(100 + n);
    const endpointId = await endpointAt(api.organizationId, hook.url, { cnpjs: [cnpj] });
    const published = await publishInvoice(api.organizationId, { number: n, cnpj });
    expect(published.deliveries.map((d) => d.endpoint_id)).toEqual([endpointId]);
    return published.deliveries[0]!.id;
  }

  const resend = (id: string) => api.call(resendRoute, "POST", `/api/v1/deliveries/${id}/resend`, { id });

  it("sends a new attempt (trigger manual) with the same webhook-id, and answers 202 with the updated delivery", async () => {
    const hook = await receiver(answer(200));
    const id = await deliveryTo(hook, 1);
    await runDeliverJob(pool(), { d: [id] });
    expect(hook.requests).toHaveLength(1);

    const response = await resend(id);
    expect(response.status, response.text).toBe(202);
    const { delivery } = response.json;
    expect(delivery).toMatchObject({ id, webhook_id: messageId(id), status: "succeeded", last_status_code: 200, next_attempt_at: null });
    expect(delivery.attempts.map((a: { trigger: string; status_code: number }) => [a.trigger, a.status_code])).toEqual([
      ["auto", 200],
      ["manual", 200],
    ]);
    expect(hook.requests.map((a) => a.webhookId)).toEqual([messageId(id), messageId(id)]);
    expect(hook.requests[1]!.body).toBe(hook.requests[0]!.body);
    expect(Number(hook.requests[1]!.headers["webhook-timestamp"])).toBeGreaterThanOrEqual(
      Number(hook.requests[0]!.headers["webhook-timestamp"]),
    );
    const stored = await api.call(deliveryRoute, "GET", `/api/v1/deliveries/${id}`, { id });
    expect(stored.json.delivery).toEqual(delivery);
    const log = await api.call(deliveriesRoute, "GET", `/api/v1/webhooks/${delivery.endpoint_id}/deliveries`, { id: delivery.endpoint_id });
    expect(log.json.deliveries).toEqual([expect.objectContaining({ id, status: "succeeded", attempts: 2, last_status_code: 200 })]);
  });

  it("turns a failed delivery into succeeded once the receiver is healthy again; a failing resend leaves it failed", async () => {
    const hook = await receiver(answer(500, "fora do ar"));
    const id = await deliveryTo(hook, 2);
    await runDeliverJob(pool(), { d: [id] });
    await runDeliverJob(pool(), { d: [id] });
    const failed = await api.call(deliveryRoute, "GET", `/api/v1/deliveries/${id}`, { id });
    expect(failed.json.delivery).toMatchObject({ status: "failed", last_status_code: 500, next_attempt_at: null });
    expect(failed.json.delivery.attempts).toHaveLength(2);

    const stillDown = await resend(id);
    expect(stillDown.status).toBe(202);
    expect(stillDown.json.delivery).toMatchObject({ status: "failed", last_status_code: 500, next_attempt_at: null });
    expect(stillDown.json.delivery.attempts).toHaveLength(3);

    hook.reply = answer(200);
    const healthy = await resend(id);
    expect(healthy.status).toBe(202);
    expect(healthy.json.delivery).toMatchObject({ status: "succeeded", last_status_code: 200, last_error: null });
    expect(healthy.json.delivery.attempts).toHaveLength(4);
    expect(await attemptsOf(id)).toEqual([
      { number: 1, trigger: "auto", response_status: 500 },
      { number: 2, trigger: "auto", response_status: 500 },
      { number: 3, trigger: "manual", response_status: 500 },
      { number: 4, trigger: "manual", response_status: 200 },
    ]);
    expect(new Set(hook.requests.map((a) => a.webhookId))).toEqual(new Set([messageId(id)]));
    expect(hook.requests).toHaveLength(4);
  });

  it("refuses (409) to resend a delivery whose webhook was deleted, and sends nothing", async () => {
    const hook = await receiver(answer(200));
    const id = await deliveryTo(hook, 3);
    const { rows } = await pool().query<{ endpoint_id: string }>(`SELECT endpoint_id FROM deliveries WHERE id = $1`, [id]);
    await deleteEndpoint(api.organizationId, rows[0]!.endpoint_id);
    const response = await resend(id);
    expect(response.status).toBe(409);
    expect(response.json.errors).toEqual([expect.stringMatching(/deleted/)]);
    expect(hook.requests).toHaveLength(0);
    expect(await attemptsOf(id)).toEqual([]);
  });
});

describe("resending an event", () => {
  it("attempts the event's delivery to every webhook that still exists, each with its own webhook-id", async () => {
    const api = await apiClient("evento@loja.test", "Loja Evento LTDA");
    const hooks = await Promise.all([receiver(), receiver(), receiver()]);
    const endpoints = [];
    for (const hook of hooks) endpoints.push(await endpointAt(api.organizationId, hook.url));
    const published = await publishInvoice(api.organizationId, { number: 77 });
    const deliveryOf = (endpointId: string) => published.deliveries.find((d) => d.endpoint_id === endpointId)!.id;
    await deleteEndpoint(api.organizationId, endpoints[2]);

    const response = await api.call(eventResendRoute, "POST", `/api/v1/events/${published.event.id}/resend`, { id: published.event.id });
    expect(response.status, response.text).toBe(202);
    const byEndpoint = Object.fromEntries(response.json.event.deliveries.map((d: { endpoint_id: string }) => [d.endpoint_id, d]));
    expect(byEndpoint[endpoints[0]!]).toMatchObject({ status: "succeeded", attempts: 1, last_status_code: 200 });
    expect(byEndpoint[endpoints[1]!]).toMatchObject({ status: "succeeded", attempts: 1, last_status_code: 200 });
    expect(byEndpoint[endpoints[2]!]).toMatchObject({ status: "cancelled", attempts: 0 });
    expect(hooks.map((h) => h.requests.map((a) => a.webhookId))).toEqual([
      [messageId(deliveryOf(endpoints[0]!))],
      [messageId(deliveryOf(endpoints[1]!))],
      [],
    ]);
    for (const endpointId of endpoints.slice(0, 2)) {
      expect(await attemptsOf(deliveryOf(endpointId))).toEqual([{ number: 1, trigger: "manual", response_status: 200 }]);
    }
  });
});

describe("recovering failed deliveries", () => {
  const base = new Date(Math.floor(Date.now() / 1000) * 1000);
  const hoursAgo = (h: number) => new Date(base.getTime() - h * 3_600_000);
  const since = hoursAgo(48);
  const until = hoursAgo(24);
  let api: ApiClient;
  let hookA: Receiver;
  let hookB: Receiver;
  let endpointA: string;
  let endpointB: string;
  let worker: WorkerHandle | undefined;
  const ids: Record<string, string> = {};

  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  const snapshot = async () =>
    (
      await pool().query<{ id: string }>(
        `SELECT id, status, attempt_count, next_attempt_at, updated_at FROM deliveries WHERE organization_id = $1 ORDER BY id`,
        [api.organizationId],
      )
    ).rows;
  const recoverJobs = async () =>
    (
      await pool().query<{ payload: { d: string[]; t: string } }>(
        `SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
         WHERE t.identifier = 'deliver' AND j.payload->>'t' = 'recover'`,
      )
    ).rows.map((r) => r.payload);
  const recover = (endpointId: string, body: unknown) =>
    api.call(recoverRoute, "POST", `/api/v1/webhooks/${endpointId}/recover`, { id: endpointId, body });

  beforeAll(async () => {
    api = await apiClient("recupera@loja.test", "Loja Recupera LTDA");
    hookA = await receiver(answer(200));
    hookB = await receiver(answer(200));
    // events first, webhooks after: the publisher creates no delivery (and no job); the log rows below are the only ones
    const events = [];
    for (let n = 1; n <= 7; n++) events.push((await publishInvoice(api.organizationId, { number: n })).event.id);
    endpointA = await endpointAt(api.organizationId, hookA.url);
    endpointB = await endpointAt(api.organizationId, hookB.url);
    const fixtures = [
      ["failedBeforeSince", endpointA, "failed", hoursAgo(72)],
      ["failedAtSince", endpointA, "failed", since],
      ["failedInside", endpointA, "failed", hoursAgo(30)],
      ["succeededInside", endpointA, "succeeded", hoursAgo(30)],
      ["retryingInside", endpointA, "retrying", hoursAgo(30)],
      ["failedAtUntil", endpointA, "failed", until],
      ["otherEndpointFailedInside", endpointB, "failed", hoursAgo(30)],
    ] as const;
    for (const [i, [name, endpointId, status, createdAt]] of fixtures.entries()) {
      ids[name] = await insertDelivery({
        organizationId: api.organizationId,
        eventId: events[i]!,
        endpointId,
        status,
        createdAt,
        attempts: 2,
      });
      await insertAttempts(ids[name], endpointId, [
        { startedAt: createdAt, durationMs: 30, status: 500 },
        { startedAt: new Date(createdAt.getTime() + 5_000), durationMs: 30, status: status === "succeeded" ? 200 : 500 },
      ]);
    }
  });

  it("validates the window: since is required and until must come after it", async () => {
    for (const [body, field] of [
      [{}, "since"],
      [{ since: "ontem" }, "since"],
      [{ since: until.toISOString(), until: since.toISOString() }, "until"],
    ] as const) {
      const response = await recover(endpointA, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(response.json.errors)).toEqual([field]);
    }
  });

  it("re-queues only the endpoint's failed deliveries created in [since, until), answers 202 {count}; pressing twice queues nothing", async () => {
    const before = await snapshot();
    const response = await recover(endpointA, { since: since.toISOString(), until: until.toISOString() });
    expect(response.status, response.text).toBe(202);
    expect(response.json).toEqual({ count: 2, since: since.toISOString(), until: until.toISOString() });

    const queued = new Set([ids.failedAtSince, ids.failedInside]);
    const after = await snapshot();
    expect(after.filter((r) => !queued.has(r.id))).toEqual(before.filter((r) => !queued.has(r.id)));
    expect(after.filter((r) => queued.has(r.id))).toEqual(
      before
        .filter((r) => queued.has(r.id))
        .map((r) => ({ ...r, status: "pending", next_attempt_at: expect.any(Date), updated_at: expect.any(Date) })),
    );
    const jobs = await recoverJobs();
    expect(jobs.flatMap((j) => j.d).sort()).toEqual([...queued].sort());

    const again = await recover(endpointA, { since: since.toISOString(), until: until.toISOString() });
    expect(again.status).toBe(202);
    expect(again.json.count).toBe(0);
    expect(await recoverJobs()).toEqual(jobs);
    expect(await snapshot()).toEqual(after);
  });

  it("with a worker running, the recovered deliveries get an attempt with trigger recover and end succeeded", async () => {
    worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4, pollIntervalMs: 200 });
    const recovered = [ids.failedAtSince!, ids.failedInside!];
    const statuses = async () =>
      (await pool().query<{ status: string }>(`SELECT status FROM deliveries WHERE id = ANY ($1) ORDER BY id`, [recovered])).rows.map(
        (r) => r.status,
      );
    await waitUntil("the recovered deliveries succeed", async () => (await statuses()).every((s) => s === "succeeded"), 20_000);
    for (const id of recovered) {
      expect(await attemptsOf(id)).toEqual([
        { number: 1, trigger: "auto", response_status: 500 },
        { number: 2, trigger: "auto", response_status: 500 },
        { number: 3, trigger: "recover", response_status: 200 },
      ]);
    }
    expect(hookA.requests.map((a) => a.webhookId).sort()).toEqual(recovered.map(messageId).sort());
    expect(hookB.requests).toHaveLength(0);
    for (const name of ["failedBeforeSince", "failedAtUntil", "otherEndpointFailedInside"]) {
      expect((await attemptsOf(ids[name]!)).length, name).toBe(2);
    }
    const afterwards = await recover(endpointA, { since: since.toISOString(), until: until.toISOString() });
    expect(afterwards.json.count).toBe(0);
  });

  it("recovers the other endpoint independently, and refuses (409) while a webhook is disabled", async () => {
    await pool().query(`UPDATE endpoints SET enabled = false WHERE id = $1`, [endpointB]);
    const disabled = await recover(endpointB, { since: since.toISOString() });
    expect(disabled.status).toBe(409);
    await pool().query(`UPDATE endpoints SET enabled = true WHERE id = $1`, [endpointB]);
    const response = await recover(endpointB, { since: since.toISOString() });
    expect(response.status).toBe(202);
    expect(response.json.count).toBe(1);
    expect(new Date(response.json.until).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
