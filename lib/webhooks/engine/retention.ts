// Keeps the log bounded. The log is partitioned by week (migration 20261206000200_partitioned_log):
// at start and every hour the worker creates the partitions of this week and the next, and drops whole
// weeks older than RETENTION_DAYS — events, their sequence numbers, deliveries and attempts of that
// week leave together, with no row-by-row delete and no bloat left behind. A week that still holds a
// delivery waiting to be sent (pending, retrying, waiting) is kept until it is sent.
// What is removed row by row: the publishers' ids (event_keys) and polling feeds' messages of the
// dropped weeks, rows in the default partitions (ids that hold no known week), and the operator's
// audit trail — each in batches so no statement holds locks for long.
import type pg from "pg";
import { isDeadlock } from "@/lib/db/retry";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { repeatEvery } from "@/lib/runtime/repeat";

const BATCH = 5_000;
export const PARTITION_DAYS_AHEAD = 7;
/**
 * Creating or dropping a partition locks its parent table for a moment: it waits at most this long
 * (so publishing never stalls behind a long query and the lock queue), then tries again a little later.
 */
const LOCK_TIMEOUT_MS = 250;
const LOCK_TRIES = 20;
/** lock_not_available: lock_timeout ran out */
const LOCK_NOT_AVAILABLE = "55P03";
const WAITING = `('pending', 'retrying', 'waiting')`;

/** The log's tables, in the order a week's partitions are dropped. */
const LOG_TABLES = ["attempts", "deliveries", "event_sequences", "events"] as const;

async function inTransaction<T>(db: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await db.connect();
    try {
      await client.query("BEGIN");
      await client.query(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      const busy = (error as { code?: string }).code === LOCK_NOT_AVAILABLE || isDeadlock(error);
      if (!busy || attempt >= LOCK_TRIES) throw error;
    } finally {
      client.release();
    }
    await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 800));
  }
}

/** Creates the log's missing partitions for the weeks from today (UTC) to PARTITION_DAYS_AHEAD days ahead; answers how many. */
export async function ensureLogPartitions(db: pg.Pool, daysAhead = PARTITION_DAYS_AHEAD): Promise<number> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ made: number }>(
      `SELECT create_log_partitions((now() AT TIME ZONE 'UTC')::date, $1::int) AS made`,
      [daysAhead + 1],
    );
    return rows[0]!.made;
  });
}

/** Pages (8 kB) past which a partition planned as (nearly) empty is analyzed at once. */
export const YOUNG_PARTITION_PAGES = 16;

// A week's new partitions start empty and unanalyzed, so the statements every worker and web
// connection keep prepared settle on plans for an empty table (sequential scans) and keep them
// until the partition is analyzed — by autovacuum, up to a minute later, and by then each of those
// scans reads thousands of rows. Analyzing a partition as soon as it holds YOUNG_PARTITION_PAGES
// pages replans them with index lookups; autovacuum keeps the statistics from there. The partition's
// size on disk is known at once (the statistics' row counts lag by seconds).
const YOUNG_PARTITIONS_SQL = `
WITH small AS MATERIALIZED (
  -- the log's partitions first: sizing every relation of the catalog costs tens of milliseconds
  SELECT c.oid FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  WHERE i.inhparent = ANY (ARRAY['events', 'event_sequences', 'deliveries', 'attempts']::regclass[]) AND c.relpages < $1
)
SELECT oid::regclass::text AS name FROM small WHERE pg_relation_size(oid) >= $1::bigint * current_setting('block_size')::bigint`;

/** Analyzes the log's partitions that grew past YOUNG_PARTITION_PAGES while planned as (nearly) empty; answers which. */
export async function analyzeYoungPartitions(db: pg.Pool): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>({
    name: "young-partitions",
    text: YOUNG_PARTITIONS_SQL,
    values: [YOUNG_PARTITION_PAGES],
  });
  // another worker analyzing the same partition: it is done once
  for (const { name } of rows) await db.query(`ANALYZE (SKIP_LOCKED) ${name}`);
  return rows.map((r) => r.name);
}

/** Runs analyzeYoungPartitions every `everyMs`; answers how to stop it. */
export function startYoungPartitionAnalyzer(db: pg.Pool, everyMs: number): () => Promise<void> {
  return repeatEvery(everyMs, () => analyzeYoungPartitions(db), "analyzing the log's new partitions failed");
}

/** The weeks (their Monday, YYYYMMDD) that have a partition of `events`, oldest first. */
export async function logPartitionWeeks(db: pg.Pool | pg.PoolClient): Promise<string[]> {
  const { rows } = await db.query<{ week: string }>(
    `SELECT substring(c.relname FROM '_p([0-9]{8})$') AS week
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_p[0-9]{8}$' ORDER BY 1`,
  );
  return rows.map((r) => r.week);
}

async function deleteInBatches(db: pg.Pool, sql: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await db.query(sql, [...params, BATCH]);
    total += rowCount ?? 0;
    if (!rowCount || rowCount < BATCH) return total;
  }
}

const partition = (table: string, week: string) => `"${table}_p${week}"`;

/** Drops one week of the log unless one of its deliveries still waits; answers whether it did. */
async function dropWeek(db: pg.Pool, week: string): Promise<boolean> {
  const waiting = await db.query(`SELECT 1 FROM ${partition("deliveries", week)} WHERE status IN ${WAITING} LIMIT 1`);
  if (waiting.rowCount) return false;
  // the publishers' ids of that week's events, by the partition's primary key in batches
  await deleteInBatches(
    db,
    `DELETE FROM event_keys k USING (
       SELECT ev.id, ev.organization_id, ev.idempotency_key FROM ${partition("events", week)} ev WHERE ev.idempotency_key IS NOT NULL
         AND EXISTS (SELECT 1 FROM event_keys k2 WHERE k2.organization_id = ev.organization_id AND k2.idempotency_key = ev.idempotency_key
           AND k2.event_id = ev.id)
       LIMIT $1
     ) e WHERE k.organization_id = e.organization_id AND k.idempotency_key = e.idempotency_key AND k.event_id = e.id`,
    [],
  );
  const bounds = [`${week.slice(0, 4)}-${week.slice(4, 6)}-${week.slice(6)}`];
  await deleteInBatches(
    db,
    `DELETE FROM feed_messages WHERE (endpoint_id, txid, position) IN (
       SELECT endpoint_id, txid, position FROM feed_messages
       WHERE delivery_id >= log_bound($1::date) AND delivery_id < log_bound($1::date + 7) LIMIT $2)`,
    bounds,
  );
  await inTransaction(db, async (client) => {
    // no delivery of that week changes from here on (a resend of one of its events waits, then finds it gone)
    await client.query(`SET LOCAL lock_timeout = '10s'`);
    await client.query(`LOCK TABLE ${partition("deliveries", week)} IN SHARE MODE`);
    const again = await client.query(`SELECT 1 FROM ${partition("deliveries", week)} WHERE status IN ${WAITING} LIMIT 1`);
    if (again.rowCount) throw new WeekStillWaiting();
    await client.query(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
    for (const table of LOG_TABLES) await client.query(`DROP TABLE IF EXISTS ${partition(table, week)}`);
  });
  return true;
}

class WeekStillWaiting extends Error {}

// Rows of the default partitions (ids with no known week): the old row-by-row retention, by time.
const OLD_DEFAULT_EVENTS_SQL = `
WITH old AS (
  SELECT ev.id, ev.organization_id, ev.idempotency_key FROM events_default ev
  WHERE ev.created_at < now() - make_interval(days => $1)
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = ev.id AND d.status IN ${WAITING})
  LIMIT $2
), their_deliveries AS (
  DELETE FROM deliveries d WHERE d.event_id IN (SELECT id FROM old) RETURNING d.id
), their_attempts AS (
  DELETE FROM attempts a WHERE a.delivery_id IN (SELECT id FROM their_deliveries)
), their_messages AS (
  DELETE FROM feed_messages f WHERE f.delivery_id IN (SELECT id FROM their_deliveries)
), their_sequences AS (
  DELETE FROM event_sequences s WHERE s.event_id IN (SELECT id FROM old)
), their_keys AS (
  DELETE FROM event_keys k USING old WHERE k.organization_id = old.organization_id AND k.idempotency_key = old.idempotency_key
)
DELETE FROM events_default WHERE id IN (SELECT id FROM old)`;

const OLD_OPERATOR_ACTIONS_SQL = `
DELETE FROM operator_actions WHERE id IN (
  SELECT id FROM operator_actions WHERE created_at < now() - make_interval(days => $1) LIMIT $2)`;

export interface RetentionResult {
  /** the weeks (their Monday, YYYYMMDD) whose partitions were dropped */
  droppedWeeks: string[];
  /** old weeks kept because a delivery of theirs still waits to be sent */
  keptWeeks: string[];
  /** events removed from the default partitions */
  defaultEvents: number;
  operatorActions: number;
}

export async function applyRetention(db: pg.Pool, days = env.RETENTION_DAYS): Promise<RetentionResult> {
  // a week goes once all of it is older than the window: it ends (its Monday + 7) before now - days
  const { rows } = await db.query<{ last: string }>(
    `SELECT to_char(((now() - make_interval(days => $1)) AT TIME ZONE 'UTC')::date - 7, 'YYYYMMDD') AS last`,
    [days],
  );
  const last = rows[0]!.last;
  const result: RetentionResult = { droppedWeeks: [], keptWeeks: [], defaultEvents: 0, operatorActions: 0 };
  for (const week of (await logPartitionWeeks(db)).filter((w) => w <= last)) {
    try {
      ((await dropWeek(db, week)) ? result.droppedWeeks : result.keptWeeks).push(week);
    } catch (error) {
      if (error instanceof WeekStillWaiting) result.keptWeeks.push(week);
      else log().warn({ err: error, week }, "a week of the log could not be dropped: next hour");
    }
  }
  result.defaultEvents = await deleteInBatches(db, OLD_DEFAULT_EVENTS_SQL, [days]);
  result.operatorActions = await deleteInBatches(db, OLD_OPERATOR_ACTIONS_SQL, [days]);
  return result;
}
