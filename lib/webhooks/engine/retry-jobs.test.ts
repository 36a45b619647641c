// A failed attempt's retry is graphile-worker's own job, due at its time, written by the record
// statement itself; only one due at once wakes the workers (a failing receiver's retries, due in
// seconds or hours, must not make every worker look for work on each failure).
import { afterAll, beforeAll, expect, it } from "vitest";
import { RETRY_PRIORITY, retryKey } from "@/lib/webhooks/engine/job";
import { startWorker } from "@/lib/webhooks/engine/worker";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { answer, refusingUrl, startReceiver } from "@/test/receiver";
import type pg from "pg";
import { pool } from "@/lib/db";
import { recordOutcomes, type Outcome } from "@/lib/webhooks/engine/record";
import {
  attemptRecord,
  attemptsOf,
  expectedDeliverJob,
  graphileJobs,
  newEndpoint,
  newOrganization,
  publishMany,
  runJob,
  waitFor,
} from "@/test/engine-helpers";
import { publishInvoice } from "@/test/log-fixtures";

const RETRIES = 40;
/** what a worker of concurrency 1 fetches at once (engine/worker.ts: localQueue) */
const LOCAL_QUEUE = 16;
let listener: pg.PoolClient;
const heard: unknown[] = [];

beforeAll(async () => {
  listener = await pool().connect();
  listener.on("notification", (n) => n.channel === "jobs:insert" && heard.push(JSON.parse(n.payload ?? "null")));
  await listener.query(`LISTEN "jobs:insert"`);
});
afterAll(async () => {
  listener.release();
  await closeDeliverAgents();
});

const failedAttempt = (deliveryId: string, endpointId: string) =>
  attemptRecord(deliveryId, endpointId, { response_status: 503, status: "retrying" });

it("records a retry as graphile-worker's job at its time, and tells the workers only of one due now", async () => {
  const org = await newOrganization("retry-jobs");
  const { id: endpointId } = await newEndpoint(org, { url: "http://127.0.0.1:6/", skip_verification: true });
  const [later, now] = [
    (await publishInvoice(org, { number: 1 })).deliveries[0]!.id,
    (await publishInvoice(org, { number: 2 })).deliveries[0]!.id,
  ];
  await pool().query(`DELETE FROM graphile_worker._private_jobs`);
  // (a publish names its jobs on its own channel: nothing was heard on graphile-worker's)
  expect(heard).toEqual([]);

  const inAMinute = new Date(Date.now() + 60_000);
  await recordOutcomes(pool(), [
    { attempt: failedAttempt(later, endpointId), job: { deliveries: [later], run_at: inAMinute.toISOString(), trigger: "auto" } },
  ]);
  await recordOutcomes(pool(), [
    {
      attempt: failedAttempt(now, endpointId),
      job: { deliveries: [now], run_at: new Date(Date.now() - 1).toISOString(), trigger: "auto" },
    },
  ]);
  // notifications arrive in commit order: the one heard is the second recording's
  await expect.poll(() => heard).toEqual([{ count: 1 }]);

  const rows = await graphileJobs();
  const job = (id: string) => expectedDeliverJob({ deliveries: [id], trigger: "auto", queued: false });
  expect(rows.map(({ run_at: _, ...r }) => r)).toEqual([job(later), job(now)]);
  expect(rows[0]!.run_at).toEqual(inAMinute);
});

it("puts a delivery moved to its endpoint's queue in that queue, through add_jobs", async () => {
  const org = await newOrganization("queued-jobs");
  const { id: endpointId } = await newEndpoint(org, { url: "http://127.0.0.1:7/", skip_verification: true });
  const id = (await publishInvoice(org, { number: 3 })).deliveries[0]!.id;
  await pool().query(`DELETE FROM graphile_worker._private_jobs`);
  await recordOutcomes(pool(), [
    { job: { deliveries: [id], run_at: new Date().toISOString(), trigger: "auto", queue: `endpoint:${endpointId}:0`, priority: 5 } },
  ]);
  const { rows } = await pool().query(
    `SELECT j.queue_name, p.payload, j.priority FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id`,
  );
  expect(rows).toEqual([
    { queue_name: `endpoint:${endpointId}:0`, payload: { deliveries: [id], trigger: "auto", queued: true }, priority: 5 },
  ]);
});

it("makes one job of an endpoint's retries due in the same second, unless a worker has taken it", async () => {
  const org = await newOrganization("keyed-retries");
  const { id: endpointId } = await newEndpoint(org, { url: "http://127.0.0.1:8/", skip_verification: true });
  const ids = (await publishMany(org, 5)).map((d) => d.id);
  await pool().query(`DELETE FROM graphile_worker._private_jobs`);
  const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000); // a whole second, a minute from now
  const retry = (id: string, ms: number): Outcome => ({
    attempt: failedAttempt(id, endpointId),
    job: { deliveries: [id], run_at: new Date(at.getTime() + ms).toISOString(), trigger: "auto", key: retryKey(endpointId, at) },
  });
  // recordings on one connection follow one another: they share its job of the key
  const client = await pool().connect();
  try {
    const { rows } = await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`);
    const key = `${retryKey(endpointId, at)}:${rows[0]!.pid}`;
    // two in one recording, one in another: the same job, due at the earliest
    await recordOutcomes(client, [retry(ids[0]!, 400), retry(ids[1]!, 900)]);
    await recordOutcomes(client, [retry(ids[2]!, 100)]);
    const [job, ...others] = await graphileJobs();
    expect(others).toEqual([]);
    expect(job).toMatchObject({ key, attempts: 0, payload: { deliveries: ids.slice(0, 3), trigger: "auto", queued: false } });
    expect(job!.run_at).toEqual(new Date(at.getTime() + 100));

    // taken by a worker (locked), then cut short (unlocked, attempts 1): what it loaded is not what comes later
    await pool().query(`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'elsewhere', attempts = 1`);
    await recordOutcomes(client, [retry(ids[3]!, 200)]);
    await pool().query(`UPDATE graphile_worker._private_jobs SET locked_at = NULL, locked_by = NULL WHERE key IS NOT NULL`);
    await recordOutcomes(client, [retry(ids[4]!, 300)]);
    const jobs = await graphileJobs();
    expect(jobs.map((j) => [j.key, (j.payload as { deliveries: string[] }).deliveries])).toEqual([
      [key, ids.slice(0, 3)],
      [null, [ids[3]]],
      [null, [ids[4]]],
    ]);
  } finally {
    client.release();
  }
});

it("sends a refusing receiver's retries in a few jobs, each retry once", async () => {
  const org = await newOrganization("batched-retries");
  await newEndpoint(org, { url: await refusingUrl(), skip_verification: true });
  const failed = (await publishMany(org, RETRIES)).map((d) => d.id);
  await pool().query(`DELETE FROM graphile_worker._private_jobs`);
  await runJob(failed); // all refused in the same second or two: retries due within a second or three
  const jobs = await graphileJobs();
  expect(jobs.length).toBeLessThanOrEqual(4);
  const batched = jobs.flatMap((j) => (j.payload as { deliveries: string[] }).deliveries);
  expect(batched.toSorted()).toEqual(failed.toSorted());
  await pool().query(`UPDATE graphile_worker._private_jobs SET run_at = now()`);
  await pool().query(`UPDATE deliveries SET next_attempt_at = now() WHERE id = ANY ($1::uuid[])`, [failed]);
  const worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 2, pollIntervalMs: 100 });
  try {
    await waitFor("every retry", async () => (await Promise.all(failed.map(attemptsOf))).every((a) => a.length === 2));
  } finally {
    await worker.stop();
  }
  const counts = await Promise.all(failed.map(async (id) => (await attemptsOf(id)).length));
  expect(new Set(counts)).toEqual(new Set([2]));
});

it("runs another organization's new event before failing receivers' retries that were due earlier", async () => {
  // one retry each of 40 refusing receivers: 40 jobs
  const failingOrg = await newOrganization("failing");
  for (let i = 0; i < RETRIES; i++) await newEndpoint(failingOrg, { url: await refusingUrl(), skip_verification: true });
  const healthy = await startReceiver(answer(200));
  try {
    const healthyOrg = await newOrganization("healthy");
    await newEndpoint(healthyOrg, { url: healthy.url, skip_verification: true });
    const failed = (await publishMany(failingOrg, 1)).map((d) => d.id);
    expect(failed).toHaveLength(RETRIES);
    await pool().query(`DELETE FROM graphile_worker._private_jobs`);
    await runJob(failed); // all refused: a retry each
    const retries = await graphileJobs();
    expect(retries).toHaveLength(RETRIES);
    expect(new Set(retries.map((j) => j.priority))).toEqual(new Set([RETRY_PRIORITY]));
    // as if they had been due for a minute
    await pool().query(`UPDATE graphile_worker._private_jobs SET run_at = now() - interval '1 minute'`);
    await pool().query(`UPDATE deliveries SET next_attempt_at = now() - interval '1 minute' WHERE id = ANY ($1::uuid[])`, [failed]);
    const fresh = (await publishInvoice(healthyOrg, { number: 5 })).deliveries[0]!.id;

    // one job at a time, fetched 16 at a time (the worker's local queue): the fresh job is in the first batch
    const worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 1, pollIntervalMs: 100 });
    try {
      const first = await waitFor("the new event's delivery", async () => (await attemptsOf(fresh))[0]);
      await waitFor("every retry", async () => (await Promise.all(failed.map(attemptsOf))).every((a) => a.length === 2));
      const { rows } = await pool().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM attempts WHERE delivery_id = ANY ($1::uuid[]) AND number = 2 AND started_at < $2`,
        [failed, first.started_at],
      );
      expect(rows[0]!.n).toBeLessThan(LOCAL_QUEUE);
    } finally {
      await worker.stop();
    }
  } finally {
    await healthy.close();
  }
});
