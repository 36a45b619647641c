// Fresh jobs: the worker that hears a publish takes its jobs itself (one statement locks them and
// loads their deliveries; the record statement completes them). graphile-worker's poll is set to a
// minute here, so a delivery that arrives within seconds was taken from the notification — by the
// fresh path, or by graphile-worker nudged with what did not fit.
import { afterAll, beforeAll, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import { FRESH_CHANNEL } from "@/lib/webhooks/engine/job";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { metrics } from "@/lib/metrics/metrics";
import { deliveryStates, invoiceData, jobsFor, newEndpoint, newOrganization, publishMany, waitFor } from "@/test/engine-helpers";
import { answer, delayed, gate, startReceiver, type Receiver, type Reply } from "@/test/receiver";

let org: string;
let worker: WorkerHandle;
const receivers: Receiver[] = [];

beforeAll(async () => {
  org = await newOrganization("fresh");
  // concurrency 4: the fresh path runs 4 jobs at once, graphile-worker 4 more
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4, pollIntervalMs: 60_000 });
  // its listening connection says LISTEN to FRESH_CHANNEL, then to graphile-worker's channels: from
  // the moment the latter shows, only a notification brings a job (the next poll is a minute away)
  await waitFor("the worker listening", async () => {
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN "jobs:insert"%'`);
    return rows[0].n > 0;
  });
});

afterAll(async () => {
  await worker.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await closeDeliverAgents();
});

async function receiver(reply: Reply = answer(200)): Promise<Receiver> {
  const r = await startReceiver(reply);
  receivers.push(r);
  return r;
}

/** nfe_webhooks_fresh_jobs_total{outcome} (the worker runs in this process: the same registry) */
async function freshJobs(outcome: "taken" | "left" | "given_back"): Promise<number> {
  const { values } = await metrics().freshJobs.get();
  return values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

async function jobRuns(): Promise<number> {
  return (await pool().query(`SELECT count(*)::int AS n FROM job_runs`)).rows[0].n;
}

it("takes a published event's job at once, locked in a name that beats, and completes it with the record statement", async () => {
  const held = gate();
  const r = await receiver((request, res) => void held.wait.then(() => answer(200)(request, res)));
  const endpoint = await newEndpoint(org, { url: r.url, event_types: ["nfe.authorized"] });
  const published = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
  const deliveryId = published.deliveries.find((d) => d.endpoint_id === endpoint.id)!.id;
  // while the receiver holds the request: the job is locked by the fresh path's owner, which beats
  // in worker_heartbeats as graphile-worker's pools do (a killed worker's jobs are released with it)
  await waitFor("the request at the receiver", () => r.requests.length === 1);
  const { rows: locks } = await pool().query(
    `SELECT j.locked_by, h.pool_id IS NOT NULL AS beats FROM graphile_worker._private_jobs j
     LEFT JOIN worker_heartbeats h ON h.pool_id = j.locked_by WHERE (j.payload::jsonb -> 'deliveries') ? $1`,
    [deliveryId],
  );
  expect(locks).toEqual([{ locked_by: expect.stringMatching(/^fresh-/), beats: true }]);
  held.open();
  await waitFor("the delivery succeeded", async () => (await deliveryStates([deliveryId]))[0]?.status === "succeeded", {
    timeoutMs: 10_000,
  });
  expect(r.events()).toHaveLength(1);
  expect(r.events()[0]!.webhookId).toBe(messageId(deliveryId));
  // nothing left behind: the job row, and its started mark
  await waitFor("the job completed", async () => (await jobsFor([deliveryId])).length === 0, { timeoutMs: 5_000 });
  expect(await jobRuns()).toBe(0);
});

it("leaves to graphile-worker what does not fit, and every delivery still goes out promptly", async () => {
  const r = await receiver(delayed(300));
  const endpoint = await newEndpoint(org, { url: r.url, event_types: ["nfe.cancelled"] });
  // 12 events one after the other, each its own job: the receiver holds each request 300 ms, so
  // from the fifth on, the fresh path (4 at once) is full and graphile-worker is nudged
  const published = [];
  for (let i = 0; i < 12; i++) published.push(await publishEvent(org, { type: "nfe.cancelled", data: invoiceData({}, "nfe.cancelled") }));
  const ids = published.flatMap((p) => p.deliveries.filter((d) => d.endpoint_id === endpoint.id).map((d) => d.id));
  expect(ids).toHaveLength(12);
  // counted for the operator: some taken here, some left to graphile-worker
  expect(await freshJobs("taken")).toBeGreaterThanOrEqual(4);
  expect(await freshJobs("left")).toBeGreaterThanOrEqual(1);
  await waitFor("all 12 succeeded", async () => (await deliveryStates(ids)).every((d) => d.status === "succeeded"), { timeoutMs: 15_000 });
  expect(new Set(r.events().map((e) => e.webhookId)).size).toBe(12);
  await waitFor("their jobs completed", async () => (await jobsFor(ids)).length === 0, { timeoutMs: 5_000 });
});

it("does not take a job another worker holds, nor one not due", async () => {
  const r = await receiver();
  await newEndpoint(org, { url: r.url, event_types: ["nfe.authorized"] });
  // jobs added outside a publish (no notification), then named on the channel as a publish would
  const { rows } = await pool().query<{ held: string; later: string }>(
    `WITH task AS (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'deliver'),
     held AS (INSERT INTO graphile_worker._private_jobs (task_id, payload, locked_at, locked_by)
       SELECT id, '{"deliveries":["00000000-0000-7000-8000-000000000001"]}', now(), 'another-pool' FROM task RETURNING id),
     later AS (INSERT INTO graphile_worker._private_jobs (task_id, payload, run_at)
       SELECT id, '{"deliveries":["00000000-0000-7000-8000-000000000002"]}', now() + interval '1 hour' FROM task RETURNING id)
     SELECT (SELECT id::text FROM held) AS held, (SELECT id::text FROM later) AS later`,
  );
  const { held, later } = rows[0]!;
  await pool().query(`SELECT pg_notify($1, $2)`, [FRESH_CHANNEL, `${held},${later}`]);
  // a job that is taken is marked started at once: neither is
  const marker = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
  await waitFor(
    "a later publish delivered",
    async () => (await deliveryStates(marker.deliveries.map((d) => d.id))).every((d) => d.status === "succeeded"),
    { timeoutMs: 10_000 },
  );
  const { rows: jobs } = await pool().query(
    `SELECT id::text, attempts, locked_by FROM graphile_worker._private_jobs WHERE id = ANY ($1::bigint[]) ORDER BY id`,
    [[held, later]],
  );
  expect(jobs).toEqual([
    { id: held, attempts: 0, locked_by: "another-pool" },
    { id: later, attempts: 0, locked_by: null },
  ]);
  await pool().query(`DELETE FROM graphile_worker._private_jobs WHERE id = ANY ($1::bigint[])`, [[held, later]]);
});

it("gives a job that fails back to graphile-worker, with its backoff and the error", async () => {
  // a payload no run can read: the run fails after the job was taken
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO graphile_worker._private_jobs (task_id, payload)
     SELECT id, '{"deliveries":[],"trigger":"auto"}' FROM graphile_worker._private_tasks WHERE identifier = 'deliver' RETURNING id::text`,
  );
  const id = rows[0]!.id;
  await pool().query(`SELECT pg_notify($1, $2)`, [FRESH_CHANNEL, id]);
  const job = await waitFor("the job given back", async () => {
    const { rows } = await pool().query(
      `SELECT attempts, locked_by, last_error, run_at > now() AS later FROM graphile_worker._private_jobs WHERE id = $1::bigint`,
      [id],
    );
    return rows[0]?.attempts === 1 && rows[0].locked_by === null ? rows[0] : undefined;
  });
  expect(job).toMatchObject({ attempts: 1, locked_by: null, later: true, last_error: expect.stringMatching(/.+/) });
  expect(await freshJobs("given_back")).toBe(1);
  await pool().query(`DELETE FROM graphile_worker._private_jobs WHERE id = $1::bigint`, [id]);
  await pool().query(`DELETE FROM job_runs WHERE job_id = $1::bigint`, [id]);
});

it("many events published at once all arrive, once each, and leave no job behind", async () => {
  const r = await receiver();
  const endpoint = await newEndpoint(org, { url: r.url, event_types: ["nfe.authorized"] });
  const deliveries = (await publishMany(org, 200, 32)).filter((d) => d.endpoint_id === endpoint.id);
  expect(deliveries).toHaveLength(200);
  const ids = deliveries.map((d) => d.id);
  await waitFor("all 200 succeeded", async () => (await deliveryStates(ids)).every((d) => d.status === "succeeded"), { timeoutMs: 30_000 });
  expect(new Set(r.events().map((e) => e.webhookId)).size).toBe(200);
  expect(r.events()).toHaveLength(200);
  await waitFor("their jobs completed", async () => (await jobsFor(ids)).length === 0, { timeoutMs: 5_000 });
});
