// Recording outcomes under concurrency: an organization with several failing endpoints and one
// healthy one, many events at once. Every recording statement touches the failing endpoints' rows;
// none may deadlock (a rolled-back recording re-sends the whole job: duplicates for the healthy
// endpoint, lost attempts) and every failure is counted exactly once in the streaks.
import { afterAll, beforeAll, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WEBHOOK_RETRY_SCHEDULE = "1,1,1";
  process.env.AUTO_DISABLE_AFTER_FAILURES = "0"; // off: the failing endpoints keep failing
  process.env.ENDPOINT_CONCURRENCY = "20"; // = the worker's concurrency: no deferrals, only recording is under test
});

import { pool } from "@/lib/db";
import { RECORD_SQL } from "@/lib/webhooks/engine/record";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import {
  attemptRecord,
  endpointState,
  jobsFor,
  newEndpoint,
  newOrganization,
  publishMany,
  statusCounts,
  waitFor,
} from "@/test/engine-helpers";
import { delayed, refusingUrl, startReceiver, type Receiver } from "@/test/receiver";

const EVENTS = 300;
let worker: WorkerHandle;
let healthy: Receiver;

beforeAll(async () => {
  healthy = await startReceiver(delayed(50));
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 20, pollIntervalMs: 100 });
});
afterAll(async () => {
  await worker?.stop();
  await healthy?.close();
});

it("many concurrent failures on several endpoints are all recorded, once, without deadlocks", async () => {
  const org = await newOrganization("record");
  const { id: healthyId } = await newEndpoint(org, { url: healthy.url });
  const failing = await Promise.all([1, 2].map(async () => (await newEndpoint(org, { url: await refusingUrl() })).id));

  const deliveries = await publishMany(org, EVENTS, 25);
  const ids = deliveries.map((d) => d.id);
  expect(ids).toHaveLength(3 * EVENTS);

  await waitFor(
    "every delivery to be final",
    async () => {
      const counts = await statusCounts(ids);
      return counts.succeeded === EVENTS && counts.failed === 2 * EVENTS;
    },
    { timeoutMs: 40_000, intervalMs: 200 },
  );
  await waitFor("every job to be done", async () => (await jobsFor(ids)).length === 0);

  const healthyIds = deliveries.filter((d) => d.endpoint_id === healthyId).map((d) => d.webhook_id);
  expect([...healthy.countsById().entries()].sort()).toEqual(healthyIds.map((id) => [id, 1]).sort());
  const { rows } = await pool().query<{ attempts: number; n: number }>(
    `SELECT a.attempts, count(*)::int AS n FROM (SELECT d.id, count(a.id)::int AS attempts FROM deliveries d LEFT JOIN attempts a ON a.delivery_id = d.id
       WHERE d.id = ANY ($1::uuid[]) AND d.endpoint_id = ANY ($2::uuid[]) GROUP BY d.id) a GROUP BY a.attempts`,
    [ids, failing],
  );
  expect(rows).toEqual([{ attempts: 4, n: 2 * EVENTS }]); // first attempt + 3 retries, each recorded once
  for (const id of failing) expect((await endpointState(id)).consecutive_failures).toBe(4 * EVENTS);
}, 60_000);

it("looks deliveries up by primary key, also in the generic plan a prepared statement settles on", async () => {
  // a join on the recordset alone was planned as a hash join over a sequential scan of every
  // delivery: harmless on a small table, ~20 ms per batch at 50,000 deliveries
  const org = await newOrganization("record-plan");
  const { id: endpointId } = await newEndpoint(org, { url: healthy.url });
  const ev = await pool().query<{ id: string }>(
    `INSERT INTO events (organization_id, type, data) VALUES ($1, 'nfe.authorized', '{}') RETURNING id`,
    [org],
  );
  await pool().query(
    `INSERT INTO deliveries (organization_id, event_id, endpoint_id, event_type, status, next_attempt_at, created_at, updated_at)
     SELECT $1, $2, $3, 'nfe.authorized', 'cancelled', NULL, now(), now() FROM generate_series(1, 20000)`,
    [org, ev.rows[0]!.id, endpointId],
  );
  await pool().query(`ANALYZE deliveries`);
  const client = await pool().connect();
  try {
    await client.query(`SET plan_cache_mode = force_generic_plan`);
    await client.query(`PREPARE record_plan(jsonb, jsonb, jsonb, bigint, text) AS ${RECORD_SQL}`);
    const attempt = { ...attemptRecord("00000000-0000-0000-0000-000000000001", endpointId, { duration_ms: 1 }), number: 1 };
    const { rows } = await client.query<{ "QUERY PLAN": string }>(
      `EXPLAIN (COSTS OFF) EXECUTE record_plan(${client.escapeLiteral(JSON.stringify([attempt]))},
        ${client.escapeLiteral(JSON.stringify([{ delivery_id: attempt.delivery_id, status: "cancelled", reason: "test" }]))}, '[]', 42, 'pool')`,
    );
    const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
    // the log is partitioned by week (this week's partition holds the 20,000; empty ones cost nothing to scan)
    const monday = new Date(Date.now() - ((new Date().getUTCDay() + 6) % 7) * 86_400_000);
    const today = `deliveries_p${monday.toISOString().slice(0, 10).replaceAll("-", "")}`;
    expect(plan).toMatch(new RegExp(`Index Scan using ${today}_pkey`));
    expect(plan).not.toMatch(new RegExp(`Seq Scan on ${today}\\b`));
  } finally {
    await client.query(`DEALLOCATE ALL; RESET plan_cache_mode`).catch(() => undefined);
    client.release();
  }
});
