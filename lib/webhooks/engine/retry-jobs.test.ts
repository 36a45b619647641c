// A failed attempt's retry is graphile-worker's own job, due at its time, written by the record
// statement itself; only one due at once wakes the workers (a failing receiver's retries, due in
// seconds or hours, must not make every worker look for work on each failure).
import { afterAll, beforeAll, expect, it } from "vitest";
import { RETRY_PRIORITY } from "@/lib/webhooks/engine/job";
import { startWorker } from "@/lib/webhooks/engine/worker";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { answer, refusingUrl, startReceiver } from "@/test/receiver";
import type pg from "pg";
import { pool } from "@/lib/db";
import { recordOutcomes } from "@/lib/webhooks/engine/record";
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
  await expect.poll(() => heard.length).toBe(2); // the two publishes' own
  heard.length = 0;

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

it("runs another organization's new event before a failing receiver's retries that were due earlier", async () => {
  const failingOrg = await newOrganization("failing");
  await newEndpoint(failingOrg, { url: await refusingUrl(), skip_verification: true });
  const healthy = await startReceiver(answer(200));
  try {
    const healthyOrg = await newOrganization("healthy");
    await newEndpoint(healthyOrg, { url: healthy.url, skip_verification: true });
    const failed = (await publishMany(failingOrg, RETRIES)).map((d) => d.id);
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
