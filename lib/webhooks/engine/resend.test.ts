// "Reenviar" (one delivery, or an event to all its webhooks) and "Recuperar falhas" (bulk re-queue of
// an endpoint's deliveries), through the REST API, against loopback receivers. Both queue jobs; a
// worker in this process sends them.
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
import { deleteEndpoint } from "@/lib/webhooks/endpoints/store";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import { apiClient, type ApiClient } from "@/test/api-client";
import { runJob, waitFor } from "@/test/engine-helpers";
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

const attemptCount = async (deliveryId: string) => (await attemptsOf(deliveryId)).length;

describe("resending one delivery", () => {
  let api: ApiClient;
  let worker: WorkerHandle;
  beforeAll(async () => {
    api = await apiClient("reenvio@loja.test", "Loja Reenvio LTDA");
  });
  afterEach(async () => {
    await worker?.stop();
  });
  const startTheWorker = async () => {
    worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4, pollIntervalMs: 100 });
  };

  /** An endpoint at a new receiver (only events of its own CNPJ) and one delivery to it, not yet attempted. */
  async function deliveryTo(hook: Receiver, n: number) {
    const cnpj = cnpjFor(100 + n);
    const endpointId = await endpointAt(api.organizationId, hook.url, { cnpjs: [cnpj] });
    const published = await publishInvoice(api.organizationId, { number: n, cnpj });
    expect(published.deliveries.map((d) => d.endpoint_id)).toEqual([endpointId]);
    return published.deliveries[0]!.id;
  }

  const resend = (id: string) => api.call(resendRoute, "POST", `/api/v1/deliveries/${id}/resend`, { id });
  const shown = async (id: string) => (await api.call(deliveryRoute, "GET", `/api/v1/deliveries/${id}`, { id })).json.delivery;

  it("queues a new attempt (trigger manual) with the same webhook-id: 202 at once, sent by the worker", async () => {
    const hook = await receiver(answer(200));
    const id = await deliveryTo(hook, 1);
    await runJob([id]);
    expect(hook.requests).toHaveLength(1);

    const response = await resend(id);
    expect(response.status, response.text).toBe(202);
    expect(response.json.delivery).toMatchObject({ id, webhook_id: messageId(id), status: "succeeded" });
    await startTheWorker();
    await waitFor("the resend to be recorded", async () => (await attemptCount(id)) === 2);
    const delivery = await shown(id);
    expect(delivery).toMatchObject({ status: "succeeded", last_status_code: 200, next_attempt_at: null });
    expect(delivery.attempts.map((a: { trigger: string; status_code: number }) => [a.trigger, a.status_code])).toEqual([
      ["auto", 200],
      ["manual", 200],
    ]);
    expect(hook.requests.map((a) => a.webhookId)).toEqual([messageId(id), messageId(id)]);
    expect(hook.requests[1]!.body).toBe(hook.requests[0]!.body);
    expect(Number(hook.requests[1]!.headers["webhook-timestamp"])).toBeGreaterThanOrEqual(
      Number(hook.requests[0]!.headers["webhook-timestamp"]),
    );
    const log = await api.call(deliveriesRoute, "GET", `/api/v1/webhooks/${delivery.endpoint_id}/deliveries`, { id: delivery.endpoint_id });
    expect(log.json.deliveries).toEqual([expect.objectContaining({ id, status: "succeeded", attempts: 2, last_status_code: 200 })]);
  });

  it("turns a failed delivery into succeeded once the receiver is healthy again; a failing resend leaves it failed", async () => {
    const hook = await receiver(answer(500, "fora do ar"));
    const id = await deliveryTo(hook, 2);
    await runJob([id]);
    await pool().query(`UPDATE deliveries SET next_attempt_at = now() WHERE id = $1`, [id]); // its retry is due now
    await runJob([id]);
    expect(await shown(id)).toMatchObject({ status: "failed", last_status_code: 500, next_attempt_at: null });

    await startTheWorker();
    expect((await resend(id)).status).toBe(202);
    await waitFor("the first resend", async () => (await attemptCount(id)) === 3);
    expect(await shown(id)).toMatchObject({ status: "failed", last_status_code: 500, next_attempt_at: null });

    hook.reply = answer(200);
    expect((await resend(id)).status).toBe(202);
    await waitFor("the second resend", async () => (await attemptCount(id)) === 4);
    expect(await shown(id)).toMatchObject({ status: "succeeded", last_status_code: 200, last_error: null });
    expect(await attemptsOf(id)).toEqual([
      { number: 1, trigger: "auto", response_status: 500 },
      { number: 2, trigger: "auto", response_status: 500 },
      { number: 3, trigger: "manual", response_status: 500 },
      { number: 4, trigger: "manual", response_status: 200 },
    ]);
    expect(new Set(hook.requests.map((a) => a.webhookId))).toEqual(new Set([messageId(id)]));
    expect(hook.requests).toHaveLength(4);
  });

  it("never shows a delivered invoice as failed: a resend answered 503 after a 200 keeps it succeeded", async () => {
    const hook = await receiver(answer(200));
    const id = await deliveryTo(hook, 4);
    await runJob([id]);
    hook.reply = answer(503, "manutenção");
    await runJob([id], "manual");
    const delivery = await shown(id);
    expect(delivery).toMatchObject({ status: "succeeded", last_status_code: 503, next_attempt_at: null });
    expect(delivery.attempts.map((a: { status_code: number }) => a.status_code)).toEqual([200, 503]);
  });

  it("a resend racing an automatic retry gets its own attempt number", async () => {
    const hook = await receiver((_request, res) => void setTimeout(() => res.writeHead(500).end("x"), 30));
    const id = await deliveryTo(hook, 5);
    await runJob([id]);
    await pool().query(`UPDATE deliveries SET next_attempt_at = now() WHERE id = $1`, [id]); // the retry is due
    await Promise.all([runJob([id], "auto"), runJob([id], "manual"), runJob([id], "manual")]);
    expect((await attemptsOf(id)).map((a) => a.number)).toEqual([1, 2, 3, 4]);
    expect(hook.requests).toHaveLength(4);
  });

  it("refuses (409, with the codes bulk resend gives) to resend a delivery whose webhook was deleted or is disabled, and sends nothing", async () => {
    const hook = await receiver(answer(200));
    const id = await deliveryTo(hook, 3);
    const { rows } = await pool().query<{ endpoint_id: string }>(`SELECT endpoint_id FROM deliveries WHERE id = $1`, [id]);
    await pool().query(`UPDATE endpoints SET enabled = false WHERE id = $1`, [rows[0]!.endpoint_id]);
    const whileDisabled = await resend(id);
    expect(whileDisabled.status).toBe(409);
    expect(whileDisabled.json).toMatchObject({ code: "webhook.disabled", errors: [expect.stringMatching(/enable/)] });
    await deleteEndpoint(api.organizationId, rows[0]!.endpoint_id);
    const response = await resend(id);
    expect(response.status).toBe(409);
    expect(response.json).toMatchObject({ code: "webhook.deleted", errors: [expect.stringMatching(/deleted/)] });
    await startTheWorker();
    expect(hook.requests).toHaveLength(0);
    expect(await attemptsOf(id)).toEqual([]);
  });
});

describe("resending an event", () => {
  let worker: WorkerHandle;
  afterEach(async () => {
    await worker?.stop();
  });

  it("reaches every enabled webhook subscribed to it now, also one added after it was published", async () => {
    const api = await apiClient("evento@loja.test", "Loja Evento LTDA");
    const hooks = await Promise.all([receiver(), receiver(), receiver(), receiver()]);
    const endpoints = [];
    for (const hook of hooks.slice(0, 3)) endpoints.push(await endpointAt(api.organizationId, hook.url));
    const published = await publishInvoice(api.organizationId, { number: 77 });
    const deliveryOf = (endpointId: string) => published.deliveries.find((d) => d.endpoint_id === endpointId)!.id;
    await deleteEndpoint(api.organizationId, endpoints[2]!);
    await runJob(published.deliveries.map((d) => d.id)); // delivered when it was published
    const latecomer = await endpointAt(api.organizationId, hooks[3]!.url);
    const unsubscribed = await endpointAt(api.organizationId, hooks[3]!.url, { event_types: ["nfe.cancelled"] });

    const response = await api.call(eventResendRoute, "POST", `/api/v1/events/${published.event.id}/resend`, { id: published.event.id });
    expect(response.status, response.text).toBe(202);
    const queued = response.json.queued as { endpoint_id: string; id: string; created: boolean }[];
    expect(queued.map((q) => [q.endpoint_id, q.created])).toEqual([
      [endpoints[0], false],
      [endpoints[1], false],
      [latecomer, true],
    ]);
    worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4, pollIntervalMs: 100 });
    await waitFor("every resend to be recorded", async () =>
      (await Promise.all(queued.map((q) => attemptCount(q.id)))).every((n, i) => n === (i < 2 ? 2 : 1)),
    );
    const newDelivery = queued[2]!.id;
    expect(hooks.map((h) => h.requests.map((a) => a.webhookId))).toEqual([
      Array(2).fill(messageId(deliveryOf(endpoints[0]!))),
      Array(2).fill(messageId(deliveryOf(endpoints[1]!))),
      [],
      [messageId(newDelivery)],
    ]);
    for (const endpointId of endpoints.slice(0, 2)) {
      expect(await attemptsOf(deliveryOf(endpointId))).toEqual([
        { number: 1, trigger: "auto", response_status: 200 },
        { number: 2, trigger: "manual", response_status: 200 },
      ]);
    }
    // a new delivery is an ordinary one: sent once, succeeded, with the normal schedule behind it
    expect(await attemptsOf(newDelivery)).toEqual([{ number: 1, trigger: "auto", response_status: 200 }]);
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1`, [unsubscribed]);
    expect(rows[0].n).toBe(0);
  });

  it("reaches only the webhooks named in endpoint_ids, and refuses (422) one that is not subscribed", async () => {
    const api = await apiClient("evento2@loja.test", "Loja Evento Dois LTDA");
    const [a, b] = await Promise.all([receiver(), receiver()]);
    const first = await endpointAt(api.organizationId, a.url);
    const second = await endpointAt(api.organizationId, b.url);
    const other = await endpointAt(api.organizationId, b.url, { event_types: ["nfe.cancelled"] });
    const published = await publishInvoice(api.organizationId, { number: 78 });
    const call = (endpoint_ids: string[]) =>
      api.call(eventResendRoute, "POST", `/api/v1/events/${published.event.id}/resend`, { id: published.event.id, body: { endpoint_ids } });

    const refused = await call([second, other]);
    expect(refused.status).toBe(422);
    expect(refused.json.field_codes).toEqual({ endpoint_ids: ["endpoint.not_subscribed"] });
    const accepted = await call([second]);
    expect(accepted.status).toBe(202);
    expect(accepted.json.queued.map((q: { endpoint_id: string }) => q.endpoint_id)).toEqual([second]);
    expect(first).not.toBe(second);
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
      await pool().query<{ payload: { deliveries: string[]; trigger: string } }>(
        `SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
         WHERE t.identifier = 'deliver' AND j.payload->>'trigger' = 'recover'`,
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

  it("a dry run counts what a recovery would queue, and changes nothing", async () => {
    const before = await snapshot();
    const response = await recover(endpointA, { since: since.toISOString(), until: until.toISOString(), dry_run: true });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ count: 2, dry_run: true });
    expect(await snapshot()).toEqual(before);
    expect(await recoverJobs()).toEqual([]);
  });

  it("re-queues only the endpoint's failed deliveries created in [since, until), answers 202 {count}; pressing twice queues nothing", async () => {
    const before = await snapshot();
    const response = await recover(endpointA, { since: since.toISOString(), until: until.toISOString() });
    expect(response.status, response.text).toBe(202);
    expect(response.json).toEqual({ count: 2, dry_run: false, since: since.toISOString(), until: until.toISOString() });

    const queued = new Set([ids.failedAtSince, ids.failedInside]);
    const after = await snapshot();
    expect(after.filter((r) => !queued.has(r.id))).toEqual(before.filter((r) => !queued.has(r.id)));
    expect(after.filter((r) => queued.has(r.id))).toEqual(
      before
        .filter((r) => queued.has(r.id))
        .map((r) => ({ ...r, status: "pending", next_attempt_at: expect.any(Date), updated_at: expect.any(Date) })),
    );
    const jobs = await recoverJobs();
    expect(jobs.flatMap((j) => j.deliveries).sort()).toEqual([...queued].sort());

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
