// Each endpoint's failure streak (auto-disable, alerts), written after the attempts that make it, in
// one statement per batch: every job of a worker process that recorded outcomes meanwhile waits for
// the same statement. The endpoint's row is locked to count; a failing receiver's outcomes arrive
// from every job that had one of its deliveries, and when each recording locked it, they waited for
// one another — and held the worker's connections and job slots while they did, so the other
// endpoints' deliveries waited too (measured: up to 24 recordings waiting on one endpoint's row,
// other organizations' deliveries picked up 300–500 ms late). Now one connection per process waits.
//
// A crash between a job's recording and its streak loses that streak's count (the job runs again,
// but finds its deliveries recorded): the count runs late by what one batch carried, never early.
import type pg from "pg";
import { batched } from "@/lib/batch";
import type { StreakChange } from "@/lib/alerts/notice";
import { env } from "@/lib/env";
import type { AttemptRecord } from "@/lib/webhooks/engine/record";
import { log } from "@/lib/log";

/** What a run of attempts did to an endpoint's streak, in the order they were made. */
export interface StreakPiece {
  endpoint_id: string;
  /** the receiver accepted one: the count starts again from the failures after it */
  reset: boolean;
  /** failures after the last success (all of them without one) */
  failures: number;
  /** when the first of those failures started */
  first_failure_at: string | null;
  /** answered 410 Gone: disabled now */
  gone: boolean;
  /** when the last attempt started (pieces are combined in this order) */
  last_at: string;
}

/** Test pings, and attempts cut short by our own crash, say nothing about the receiver. */
const countsForStreak = (a: AttemptRecord) => a.trigger !== ("test" as string) && a.error_kind !== "interrupted";

function follow(piece: StreakPiece, next: Omit<StreakPiece, "endpoint_id">): void {
  if (next.reset) Object.assign(piece, { reset: true, failures: next.failures, first_failure_at: next.first_failure_at });
  else {
    piece.failures += next.failures;
    piece.first_failure_at ??= next.first_failure_at;
  }
  piece.gone ||= next.gone;
  piece.last_at = next.last_at;
}

/** Pieces, one per endpoint, combined in the order their attempts were made. */
export function combine(pieces: StreakPiece[]): StreakPiece[] {
  const byEndpoint = new Map<string, StreakPiece>();
  for (const piece of pieces.toSorted((a, b) => Date.parse(a.last_at) - Date.parse(b.last_at))) {
    const current = byEndpoint.get(piece.endpoint_id);
    if (current) follow(current, piece);
    else byEndpoint.set(piece.endpoint_id, { ...piece });
  }
  return [...byEndpoint.values()];
}

/** The streak pieces of a job's attempts. */
export function streakPieces(attempts: AttemptRecord[]): StreakPiece[] {
  return combine(
    attempts.filter(countsForStreak).map((a) => {
      const ok = a.status === "succeeded";
      return {
        endpoint_id: a.endpoint_id,
        reset: ok,
        failures: ok ? 0 : 1,
        first_failure_at: ok ? null : a.started_at,
        gone: a.gone,
        last_at: a.started_at,
      };
    }),
  );
}

// The streak is read from `e` itself, the row version this statement updates (locked: a concurrent
// statement's count is included). alert_level: back to 0 when the receiver answers again (its people
// are told it recovered), 100 when disabled (they are told that instead of a threshold); lib/alerts
// raises it in between. Endpoints are locked in id order (as every statement that locks several).
export const STREAK_SQL = `
WITH s AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(endpoint_id uuid, reset boolean, failures int, first_failure_at timestamptz, gone boolean)
), locked AS (
  -- an endpoint that answered and has nothing to forget is left alone (no lock, no write)
  SELECT e.id, e.enabled AS was_enabled, e.alert_level AS was_alerted FROM endpoints e JOIN s ON s.endpoint_id = e.id
  WHERE NOT (s.reset AND s.failures = 0 AND e.consecutive_failures = 0 AND e.failing_since IS NULL AND e.alert_level = 0)
  ORDER BY e.id FOR NO KEY UPDATE OF e
), up AS (
  UPDATE endpoints e SET (consecutive_failures, failing_since, enabled, disabled_at, disabled_reason, alert_level) = (
    SELECT c.count, c.since, e.enabled AND NOT c.disable,
      CASE WHEN e.enabled AND c.disable THEN now() ELSE e.disabled_at END,
      CASE WHEN e.enabled AND c.disable THEN (CASE WHEN s.gone THEN 'gone' ELSE 'failing' END) ELSE e.disabled_reason END,
      CASE WHEN c.ok THEN 0 WHEN e.enabled AND c.disable THEN 100 ELSE e.alert_level END
    FROM (SELECT n.*, s.gone OR (NOT n.ok AND ($2 > 0 AND n.count >= $2 OR n.since < now() - make_interval(secs => $3))) AS disable
      FROM (SELECT CASE WHEN s.reset THEN s.failures ELSE e.consecutive_failures + s.failures END AS count,
          CASE WHEN s.reset AND s.failures = 0 THEN NULL WHEN s.reset THEN s.first_failure_at
            ELSE coalesce(e.failing_since, s.first_failure_at) END AS since,
          s.reset AND s.failures = 0 AS ok) n) c)
  FROM s JOIN locked l ON l.id = s.endpoint_id
  WHERE e.id = s.endpoint_id
  RETURNING e.id, l.was_enabled AND NOT e.enabled AS disabled_now, s.reset AND s.failures = 0 AND l.was_alerted > 0 AS recovered,
    e.enabled, e.consecutive_failures, e.failing_since, e.alert_level
)
SELECT coalesce(json_agg(up), '[]') AS streaks FROM up WHERE disabled_now OR recovered OR (enabled AND consecutive_failures > 0)`;

async function writeStreaks(db: pg.Pool | pg.PoolClient, pieces: StreakPiece[]): Promise<StreakChange[]> {
  const values = [JSON.stringify(pieces), env.AUTO_DISABLE_AFTER_FAILURES, env.AUTO_DISABLE_AFTER_DAYS * 86_400];
  const { rows } = await db.query<{ streaks: StreakChange[] }>({ name: "record-streaks", text: STREAK_SQL, values });
  return rows[0]?.streaks ?? [];
}

/** The statement, or undefined if it failed: the attempts are recorded, and a streak that cannot be counted never fails their job. */
async function writeSafely(db: pg.Pool | pg.PoolClient, pieces: StreakPiece[]): Promise<StreakChange[] | undefined> {
  try {
    return await writeStreaks(db, pieces);
  } catch (error) {
    log().error({ err: error, endpoints: pieces.length }, "could not count failure streaks");
    return undefined;
  }
}

/** Prepares the statement on `client` (nothing written). */
export async function prepareStreaks(client: pg.PoolClient): Promise<void> {
  await writeStreaks(client, []);
}

/**
 * How long an endpoint this process saw answer, with nothing left to forget, is taken to stay so:
 * its next successes within that time are not written (the healthy path costs no statement). A
 * failure counted by another process meanwhile is forgotten by this one's successes that late.
 */
const CLEAN_FOR_MS = 1_000;
const MAX_CLEAN = 10_000;

const isCleanSuccess = (p: StreakPiece) => p.reset && p.failures === 0 && !p.gone;

type StreakWriter = (pieces: StreakPiece[]) => Promise<StreakChange[]>;

/** One statement at a time per pool; what the jobs record meanwhile goes in the next. */
function streakWriter(db: pg.Pool): StreakWriter {
  /** endpoint → until when it is known clean (no failures, nothing to tell) */
  const clean = new Map<string, number>();
  const write = batched(
    async (jobs: StreakPiece[][]) => {
      const combined = combine(jobs.flat());
      const written = await writeSafely(db, combined);
      if (written) {
        const until = Date.now() + CLEAN_FOR_MS;
        for (const piece of combined) if (isCleanSuccess(piece)) clean.set(piece.endpoint_id, until);
        if (clean.size > MAX_CLEAN) clean.clear();
      }
      // each change is told once, by the first job that had its endpoint (its alert, its pausing)
      const untold = new Map((written ?? []).map((c) => [c.id, c]));
      return jobs.map((pieces) =>
        pieces.flatMap((p) => {
          const change = untold.get(p.endpoint_id);
          untold.delete(p.endpoint_id);
          return change ? [change] : [];
        }),
      );
    },
    { max: 1_000 },
  );
  return async (all) => {
    const now = Date.now();
    for (const piece of all) if (!isCleanSuccess(piece)) clean.delete(piece.endpoint_id);
    const pieces = all.filter((p) => !isCleanSuccess(p) || (clean.get(p.endpoint_id) ?? 0) <= now);
    return pieces.length ? write(pieces) : [];
  };
}

const writers = new WeakMap<pg.Pool, StreakWriter>();

/**
 * Counts the attempts in their endpoints' streaks; answers the changes alerts must hear about (each
 * once). On a pool, with whatever else its process is counting; on a client, there and then.
 */
export async function countStreaks(db: pg.Pool | pg.PoolClient, attempts: AttemptRecord[]): Promise<StreakChange[]> {
  const pieces = streakPieces(attempts);
  if (!pieces.length) return [];
  // a pool (the worker's) shares one writer; a client (a transaction, a test) writes there and then
  if (!("totalCount" in db)) return (await writeSafely(db, pieces)) ?? [];
  let write = writers.get(db);
  if (!write) writers.set(db, (write = streakWriter(db)));
  return write(pieces);
}
