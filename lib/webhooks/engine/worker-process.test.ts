// Worker PROCESSES (`scripts/worker.ts`, as operators run them): sharing load without duplicates,
// surviving a SIGKILL mid-request, and draining on SIGTERM. Each test stops the workers it started;
// afterAll kills any that are left.
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import {
  attemptsOf,
  deliveryState,
  invoiceData,
  jobsFor,
  killWorkers,
  newEndpoint,
  newOrganization,
  publishMany,
  statusCounts,
  spawnWorker,
  waitFor,
} from "@/test/engine-helpers";
import { answer, delayed, startReceiver, type Receiver, type Reply } from "@/test/receiver";

const WORKER_ENV = { WORKER_DEAD_AFTER_SECONDS: "2", WEBHOOK_RETRY_SCHEDULE: "1,1,1" };

const receivers: Receiver[] = [];

afterEach(async () => {
  await killWorkers();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(killWorkers);

/** A new organization whose only endpoint is a new receiver. */
async function endpointOn(reply?: Reply) {
  const receiver = await startReceiver(reply);
  receivers.push(receiver);
  const org = await newOrganization("workers");
  const { id } = await newEndpoint(org, { url: receiver.url });
  return { org, receiver, endpointId: id };
}

async function startWorkers(count: number, env: Record<string, string> = {}) {
  const workers = Array.from({ length: count }, () => spawnWorker({ ...WORKER_ENV, ...env }));
  await Promise.all(workers.map((w) => w.ready));
  return workers;
}

const lockedJobs = async () =>
  (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL`)).rows[0]!
    .n;

describe("worker processes", () => {
  it("two workers deliver 1,000 events: every delivery succeeds, each webhook-id arrives exactly once", async () => {
    const { org, receiver, endpointId } = await endpointOn();
    // ENDPOINT_CONCURRENCY = WORKER_CONCURRENCY: this is about two processes sharing one queue; the
    // per-endpoint cap (whose deferrals back off for tens of seconds under such a burst) is engine.test.ts's
    const workers = await startWorkers(2, { WORKER_CONCURRENCY: "32", ENDPOINT_CONCURRENCY: "32" });

    const deliveries = (await publishMany(org, 1_000, 25)).filter((d) => d.endpoint_id === endpointId);
    expect(deliveries).toHaveLength(1_000);
    const ids = deliveries.map((d) => d.id);

    await waitFor("1,000 succeeded deliveries", async () => (await statusCounts(ids)).succeeded === 1_000, {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    await waitFor("every job to be done", async () => (await jobsFor(ids)).length === 0);

    const counts = receiver.countsById();
    expect(counts.size).toBe(1_000);
    expect([...counts.keys()].sort()).toEqual(deliveries.map((d) => d.webhook_id).sort());
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM attempts WHERE delivery_id = ANY ($1::uuid[])`, [
      ids,
    ]);
    expect(rows[0]!.n).toBe(1_000);

    for (const worker of workers) expect(await worker.stop()).toEqual({ code: 0, signal: null });
  }, 90_000);

  it("a worker SIGKILLed mid-request loses nothing: its attempt is recorded as interrupted, the survivor sends the same webhook-id", async () => {
    const held: ServerResponse[] = [];
    const { org, receiver, endpointId } = await endpointOn((request, res) =>
      request.index === 0 ? held.push(res) : answer(200)(request, res),
    );
    const [doomed] = await startWorkers(1);

    const published = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
    const delivery = published.deliveries.find((d) => d.endpoint_id === endpointId)!;
    await waitFor("the first request to be held open", () => receiver.requests.length === 1);

    process.kill(doomed!.pid, "SIGKILL");
    expect(await doomed!.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect((await deliveryState(delivery.id)).status).toBe("pending");
    const [survivor] = await startWorkers(1);

    await waitFor("the delivery to succeed", async () => (await deliveryState(delivery.id)).status === "succeeded", { timeoutMs: 20_000 });
    expect(receiver.requests).toHaveLength(2);
    expect(new Set(receiver.requests.map((a) => a.webhookId))).toEqual(new Set([delivery.webhook_id]));
    // the request the killed worker made is on record, as what it is: a result nobody knows
    expect((await attemptsOf(delivery.id)).map((a) => [a.number, a.error_kind, a.response_status])).toEqual([
      [1, "interrupted", null],
      [2, null, 200],
    ]);
    await waitFor("the job to be done", async () => (await jobsFor([delivery.id])).length === 0);

    expect(await survivor!.stop()).toEqual({ code: 0, signal: null });
  }, 60_000);

  it("SIGTERM under load: exits 0 within the shutdown bound, leaves no job locked, and a new worker finishes the rest", async () => {
    const { org, receiver, endpointId } = await endpointOn(delayed(50));
    // fewer jobs at a time than the ~24 the publishes make: some are still waiting when the signal
    // comes (a stopping worker finishes the jobs it runs, and only those)
    const concurrency = { WORKER_CONCURRENCY: "5", ENDPOINT_CONCURRENCY: "20" };
    const [draining] = await startWorkers(1, concurrency);

    const deliveries = (await publishMany(org, 300, 25)).filter((d) => d.endpoint_id === endpointId);
    const ids = deliveries.map((d) => d.id);
    await waitFor("the worker to be busy", () => receiver.requests.length >= 40);

    const signalledAt = Date.now();
    process.kill(draining!.pid, "SIGTERM");
    expect(await draining!.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    expect(await lockedJobs()).toBe(0);
    const unfinished = 300 - ((await statusCounts(ids)).succeeded ?? 0);
    expect(unfinished).toBeGreaterThan(0); // it really was stopped mid-run

    const [fresh] = await startWorkers(1, concurrency);
    await waitFor("every delivery to succeed", async () => (await statusCounts(ids)).succeeded === 300, {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    await waitFor("every job to be done", async () => (await jobsFor(ids)).length === 0);
    expect([...receiver.countsById().values()].filter((n) => n !== 1)).toEqual([]);
    expect(receiver.countsById().size).toBe(300);

    expect(await fresh!.stop()).toEqual({ code: 0, signal: null });
  }, 90_000);
});
