// Writes what a job did, in ONE statement: the attempts (numbered under each delivery's row lock), the
// deliveries' new state (a delivery that once succeeded stays succeeded), the endpoints' failure
// streaks (auto-disable), deliveries closed without an attempt, and the jobs for retries and for
// deliveries moved to their endpoint's queue. Recording is what makes a job safe to forget, so it
// does not give up lightly: a deadlock runs the statement again, an unreachable database is waited
// for (bounded), and a row PostgreSQL refuses is recorded on its own, as an error attempt if it must,
// so one receiver's answer can never make a whole job fail and be sent again.
import type pg from "pg";
import { noticeChanges, type ExhaustedDelivery, type StreakChange } from "@/lib/alerts/notice";
import { env } from "@/lib/env";
import type { DeliveryStatus } from "@/lib/generated/prisma/enums";
import { isDeadlock, isUnreachable } from "@/lib/db/retry";
import { pauseEndpointDeliveries } from "@/lib/webhooks/endpoints/pause";
import { releaseIfEnabled } from "@/lib/webhooks/engine/paused";
import { earlierOpenSql, jobsForSql } from "@/lib/webhooks/engine/ordering";
import { DELIVER_TASK } from "@/lib/webhooks/engine/job";
import { metrics, timed } from "@/lib/metrics/metrics";
import type { JobTrigger } from "@/lib/webhooks/engine/job";
import { log } from "@/lib/log";

export interface AttemptRecord {
  delivery_id: string;
  endpoint_id: string;
  trigger: JobTrigger;
  started_at: string;
  duration_ms: number;
  request_headers: Record<string, string>;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  response_body_bytes: number | null;
  response_body_truncated: boolean;
  error_kind: string | null;
  error_message: string | null;
  /** the delivery's state after this attempt (a succeeded delivery stays succeeded whatever this says) */
  status: DeliveryStatus;
  next_attempt_at: string | null;
  /** 410 Gone: disable the endpoint now */
  gone: boolean;
  /** the format the body was sent in ("emites", "standard+redacted"); null or absent: the standard envelope */
  body_format?: string | null;
}

export interface JobToAdd {
  deliveries: string[];
  run_at: string;
  trigger: JobTrigger;
  /** the endpoint queue the job waits in (lib/webhooks/engine/job.ts: endpointQueue) */
  queue?: string;
  priority?: number;
}

/**
 * A delivery closed without an attempt: its endpoint was deleted, or disabled (it waits, paused), or
 * an earlier delivery of its invoice to an endpoint that orders per invoice is still open (it waits).
 */
export interface Closure {
  delivery_id: string;
  status: "cancelled" | "paused" | "waiting";
  reason: string;
}

/** What one job did with one delivery. */
export interface Outcome {
  attempt?: AttemptRecord;
  job?: JobToAdd;
  closure?: Closure;
}

export const RECORD_SQL = `
WITH r AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    delivery_id uuid, endpoint_id uuid, trigger "AttemptTrigger", started_at timestamptz, duration_ms int,
    request_headers jsonb, response_status int, response_headers jsonb, response_body text, response_body_bytes int,
    response_body_truncated boolean, error_kind text, error_message text, status "DeliveryStatus", next_attempt_at timestamptz, gone boolean,
    body_format text)
), deliveries_up AS (
  UPDATE deliveries d SET
    -- the receiver got it once: later attempts (a resend answered 503) never make that untrue, and a
    -- delivery paused, cancelled or discarded while this job was sending is succeeded if the receiver
    -- accepted it (delivering what was paused must not send it again); otherwise it stays so (no retry)
    status = CASE WHEN d.status = 'succeeded' OR r.status = 'succeeded' THEN 'succeeded'
      WHEN d.status IN ('paused', 'cancelled', 'discarded') THEN d.status ELSE r.status END,
    next_attempt_at = CASE WHEN d.status IN ('succeeded', 'paused', 'cancelled', 'discarded') THEN NULL ELSE r.next_attempt_at END,
    attempt_count = d.attempt_count + 1,
    -- an attempt our own crash cut short, or one a person asked for, leaves the retry budget as it was
    uncounted_attempts = d.uncounted_attempts + CASE WHEN r.error_kind = 'interrupted' OR r.trigger = 'manual' THEN 1 ELSE 0 END,
    last_status_code = r.response_status, last_error = coalesce(r.error_message, r.error_kind), last_duration_ms = r.duration_ms,
    updated_at = now()
  -- the ANY(…) lets the plan look rows up by primary key: a join on the recordset alone is planned
  -- as a hash join over a sequential scan of every delivery (the generic plan guesses 100 input rows)
  FROM r WHERE d.id = r.delivery_id AND d.id = ANY (ARRAY(SELECT delivery_id FROM r))
  RETURNING d.id, d.attempt_count AS number, d.status, d.endpoint_id, d.ordering_key, d.sequence
), attempts_in AS (
  INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers, response_status,
    response_headers, response_body, response_body_bytes, response_body_truncated, error_kind, error_message, body_format)
  SELECT r.delivery_id, r.endpoint_id, u.number, r.trigger, r.started_at, r.duration_ms, r.request_headers, r.response_status,
    r.response_headers, r.response_body, r.response_body_bytes, r.response_body_truncated, r.error_kind, r.error_message, r.body_format
  FROM r JOIN deliveries_up u ON u.id = r.delivery_id
), streak AS (
  -- what the receiver did: test pings and attempts cut short by our own crash say nothing about it
  SELECT endpoint_id,
    bool_or(gone) AS gone,
    count(*) FILTER (WHERE status <> 'succeeded') AS failures,
    (array_agg(status = 'succeeded' ORDER BY started_at DESC))[1] AS last_ok,
    min(started_at) FILTER (WHERE status <> 'succeeded') AS first_failure_at
  FROM r WHERE trigger <> 'test' AND error_kind IS DISTINCT FROM 'interrupted' GROUP BY endpoint_id
), locked AS (
  -- endpoints whose streak changes, locked in id order: concurrent batches failing on the same
  -- endpoints would otherwise lock them in plan order and deadlock (the job then runs again)
  SELECT e.id, e.enabled AS was_enabled, e.alert_level AS was_alerted FROM endpoints e JOIN streak s ON s.endpoint_id = e.id
  WHERE NOT (s.last_ok AND e.consecutive_failures = 0 AND e.failing_since IS NULL AND e.alert_level = 0)
  ORDER BY e.id FOR NO KEY UPDATE OF e
), endpoints_up AS (
  -- the streak is read from \`e\` itself, the row version this statement updates: a concurrent batch
  -- that failed on the same endpoint is counted (a joined copy would be its stale snapshot)
  -- alert_level: back to 0 when the receiver answers again (its people are told it recovered), 100
  -- when disabled (they are told that instead of a threshold); lib/alerts raises it in between
  UPDATE endpoints e SET (consecutive_failures, failing_since, enabled, disabled_at, disabled_reason, alert_level) = (
    SELECT CASE WHEN s.last_ok THEN 0 ELSE e.consecutive_failures + s.failures END,
      CASE WHEN s.last_ok THEN NULL ELSE coalesce(e.failing_since, s.first_failure_at) END,
      e.enabled AND NOT x.disable,
      CASE WHEN e.enabled AND x.disable THEN now() ELSE e.disabled_at END,
      CASE WHEN e.enabled AND x.disable THEN (CASE WHEN s.gone THEN 'gone' ELSE 'failing' END) ELSE e.disabled_reason END,
      CASE WHEN s.last_ok THEN 0 WHEN e.enabled AND x.disable THEN 100 ELSE e.alert_level END
    FROM (SELECT s.gone OR (NOT s.last_ok AND ($2 > 0 AND e.consecutive_failures + s.failures >= $2
      OR coalesce(e.failing_since, s.first_failure_at) < now() - make_interval(secs => $3))) AS disable) x)
  FROM streak s JOIN locked l ON l.id = s.endpoint_id
  WHERE e.id = s.endpoint_id
  RETURNING e.id, l.was_enabled AND NOT e.enabled AS disabled_now, s.last_ok AND l.was_alerted > 0 AS recovered, e.enabled,
    e.consecutive_failures, e.failing_since, e.alert_level
), exhausted AS (
  -- deliveries that ran out of automatic attempts with this job (a failed manual resend is not news)
  SELECT u.id, u.endpoint_id FROM deliveries_up u JOIN r ON r.delivery_id = u.id
  WHERE u.status = 'failed' AND r.status = 'failed' AND r.trigger IN ('auto', 'recover') AND r.error_kind IS DISTINCT FROM 'interrupted'
), c AS (
  SELECT * FROM jsonb_to_recordset($4::jsonb) AS c(delivery_id uuid, status "DeliveryStatus", reason text)
), closed AS (
  -- a delivery put to wait keeps its last error: waiting is not one
  UPDATE deliveries d SET status = c.status, next_attempt_at = NULL, updated_at = now(),
    last_error = CASE WHEN c.status = 'waiting' THEN d.last_error ELSE c.reason END
  FROM c WHERE d.id = c.delivery_id AND d.id = ANY (ARRAY(SELECT delivery_id FROM c)) AND d.status IN ('pending', 'retrying')
  RETURNING d.id, d.status, d.endpoint_id, d.ordering_key, d.sequence
), finished AS (
  -- ordered deliveries this statement ended (lib/webhooks/engine/ordering.ts)
  SELECT id, endpoint_id, ordering_key, sequence FROM deliveries_up
  WHERE ordering_key IS NOT NULL AND status IN ('succeeded', 'failed', 'cancelled', 'discarded')
  UNION ALL
  SELECT id, endpoint_id, ordering_key, sequence FROM closed WHERE ordering_key IS NOT NULL AND status = 'cancelled'
), next_up AS (
  -- the next waiting delivery of each of their invoices, unless another earlier one is still open
  -- (those this statement ended still look open to it, and are not counted)
  SELECT DISTINCT ON (w.endpoint_id, w.ordering_key) w.id
  FROM finished f JOIN deliveries w ON w.endpoint_id = f.endpoint_id AND w.ordering_key = f.ordering_key
    AND w.sequence > f.sequence AND w.status = 'waiting'
  WHERE NOT EXISTS (${earlierOpenSql("w")} AND p.id NOT IN (SELECT id FROM finished))
  ORDER BY w.endpoint_id, w.ordering_key, w.sequence
), released AS (
  UPDATE deliveries d SET status = 'pending', next_attempt_at = now(), updated_at = now()
  FROM next_up WHERE d.id = next_up.id AND d.status = 'waiting'
  RETURNING d.id
), released_jobs AS (
  ${jobsForSql("released")}
), specs AS (
  -- the jobs to add, but none to retry what was paused, cancelled or discarded meanwhile
  SELECT j.* FROM jsonb_to_recordset($5::jsonb) AS j(deliveries json, run_at timestamptz, trigger text, queue text, priority int)
  WHERE NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.id = ANY (ARRAY(SELECT value::uuid FROM json_array_elements_text(j.deliveries)))
    AND x.status IN ('paused', 'cancelled', 'discarded'))
), task AS (
  SELECT id FROM graphile_worker._private_tasks WHERE identifier = '${DELIVER_TASK}'
), retries AS (
  -- jobs outside any queue (the retries) inserted as graphile-worker's add_jobs() would insert them
  -- (the columns' defaults), without its four statements a call (0.45 ms against 0.035 measured)
  -- and its notification, which wakes every listening worker to look for a job that is not due yet
  INSERT INTO graphile_worker._private_jobs (task_id, payload, run_at, priority)
  SELECT (SELECT id FROM task), json_build_object('deliveries', s.deliveries, 'trigger', s.trigger, 'queued', false), s.run_at, coalesce(s.priority, 0)
  FROM specs s WHERE s.queue IS NULL AND EXISTS (SELECT 1 FROM task)
  RETURNING run_at
), retries_due AS (
  -- one due now is announced as add_jobs would (graphile-worker's channel and payload)
  SELECT pg_notify('jobs:insert', json_build_object('count', count(*))::text) FROM retries WHERE run_at <= now() HAVING count(*) > 0
), queued AS (
  -- jobs in an endpoint's queue (and any, should the 'deliver' task be missing) through add_jobs,
  -- which makes the queue; it notifies every worker even for an empty list: only with jobs to add
  SELECT (SELECT count(*) FROM graphile_worker.add_jobs(ARRAY(
    SELECT ROW('deliver', json_build_object('deliveries', s.deliveries, 'trigger', s.trigger, 'queued', s.queue IS NOT NULL),
      s.queue, s.run_at, NULL, NULL, s.priority, NULL)::graphile_worker.job_spec
    FROM specs s WHERE s.queue IS NOT NULL OR NOT EXISTS (SELECT 1 FROM task)
  ))) AS n
  WHERE EXISTS (SELECT 1 FROM specs s WHERE s.queue IS NOT NULL OR NOT EXISTS (SELECT 1 FROM task))
), job_finished AS (
  -- the job whose outcomes these are has run to its end (marked started by its load: dispatch.ts)
  DELETE FROM job_runs WHERE job_id = $6::bigint
)
SELECT coalesce((SELECT n FROM queued), 0) + (SELECT count(*) FROM retries) AS jobs, (SELECT count(*) FROM retries_due) AS retries_due,
  (SELECT count(*) FROM released_jobs) AS released_jobs,
  (SELECT coalesce(json_agg(endpoints_up), '[]') FROM endpoints_up WHERE disabled_now OR recovered OR (enabled AND consecutive_failures > 0)) AS streaks,
  (SELECT coalesce(json_agg(exhausted), '[]') FROM exhausted) AS exhausted`;

/** How long results are kept while the database is unreachable (a restart, a failover). */
export const RECORD_PATIENCE_MS = 120_000;
const RECONNECT_EVERY_MS = 500;

/** What a recording changed that people may need to hear about (lib/alerts). */
interface Changes {
  streaks: StreakChange[];
  exhausted: ExhaustedDelivery[];
}

const NO_CHANGES: Changes = { streaks: [], exhausted: [] };

const FINISHED_SQL = `DELETE FROM job_runs WHERE job_id = $1::bigint`;

async function runRecord(db: pg.Pool | pg.PoolClient, outcomes: Outcome[], finishedJob: string | null): Promise<Changes> {
  const attempts = outcomes.flatMap((o) => (o.attempt ? [o.attempt] : []));
  const closures = outcomes.flatMap((o) => (o.closure ? [o.closure] : []));
  const jobs = outcomes.flatMap((o) => (o.job ? [o.job] : []));
  const values = [
    JSON.stringify(attempts),
    env.AUTO_DISABLE_AFTER_FAILURES,
    env.AUTO_DISABLE_AFTER_DAYS * 86_400,
    JSON.stringify(closures),
    JSON.stringify(jobs),
    finishedJob,
  ];
  const { rows } = await timed(metrics().recordStatement, () => db.query<Changes>({ name: "record-outcomes", text: RECORD_SQL, values }));
  return rows[0] ?? NO_CHANGES;
}

/** Runs the record statement on `client` with no outcomes: prepared and planned there, nothing written. */
export async function prepareRecord(client: pg.PoolClient): Promise<void> {
  await runRecord(client, [], null);
}

/** The statement, again after a deadlock (3 tries) and again while the database is unreachable (bounded). */
async function recordPatiently(db: pg.Pool | pg.PoolClient, outcomes: Outcome[], finishedJob: string | null): Promise<Changes> {
  const giveUpAt = Date.now() + RECORD_PATIENCE_MS;
  for (let deadlocks = 0; ;) {
    try {
      return await runRecord(db, outcomes, finishedJob);
    } catch (error) {
      if (isDeadlock(error) && ++deadlocks < 3) continue;
      if (!isUnreachable(error) || Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_EVERY_MS));
    }
  }
}

/** The attempt without what PostgreSQL refused of it: the log still shows the request was made. */
function unrecordable(attempt: AttemptRecord, error: unknown): AttemptRecord {
  return {
    ...attempt,
    response_headers: null,
    response_body: null,
    error_kind: attempt.error_kind ?? "unrecordable",
    error_message: `the receiver's answer could not be stored: ${(error as Error).message}`.slice(0, 500),
  };
}

const stripped = new WeakSet<AttemptRecord>();

/**
 * The outcomes in one statement; if PostgreSQL refuses it (a value it cannot store), in halves down
 * to each outcome alone, and an attempt still refused is kept without the receiver's answer. The
 * job is marked finished with the whole batch, or on its own once the pieces are recorded.
 */
async function recordResiliently(db: pg.Pool | pg.PoolClient, outcomes: Outcome[], finishedJob: string | null): Promise<Changes> {
  try {
    return await recordPatiently(db, outcomes, finishedJob);
  } catch (error) {
    if (isUnreachable(error)) throw error; // waited long enough: the job fails and runs again
    const changes = await recordInPieces(db, outcomes, error);
    if (finishedJob) await db.query(FINISHED_SQL, [finishedJob]);
    return changes;
  }
}

async function recordInPieces(db: pg.Pool | pg.PoolClient, outcomes: Outcome[], error: unknown): Promise<Changes> {
  if (outcomes.length > 1) {
    const half = Math.ceil(outcomes.length / 2);
    const first = await recordResiliently(db, outcomes.slice(0, half), null);
    const second = await recordResiliently(db, outcomes.slice(half), null);
    return { streaks: [...first.streaks, ...second.streaks], exhausted: [...first.exhausted, ...second.exhausted] };
  }
  const [only] = outcomes;
  if (only?.attempt && !stripped.has(only.attempt)) {
    const attempt = unrecordable(only.attempt, error);
    stripped.add(attempt); // refused again, it is not retried a third time
    return recordResiliently(db, [{ ...only, attempt }], null);
  }
  log().error({ delivery_id: only?.attempt?.delivery_id ?? only?.closure?.delivery_id, err: error }, "could not record an outcome");
  return NO_CHANGES;
}

/** Counts what was recorded (lib/metrics): each delivery's outcome, each HTTP attempt's duration. */
function count(outcomes: Outcome[]): void {
  const { deliveries, attemptDuration } = metrics();
  for (const { attempt, closure } of outcomes) {
    if (closure) deliveries.inc({ outcome: closure.status });
    if (!attempt) continue;
    if (attempt.error_kind === "interrupted") {
      deliveries.inc({ outcome: "interrupted" });
      continue;
    }
    deliveries.inc({ outcome: attempt.status });
    const success = attempt.response_status !== null && attempt.response_status >= 200 && attempt.response_status < 300;
    attemptDuration.observe({ success: String(success) }, attempt.duration_ms / 1000);
  }
}

/** `finishedJob`: the graphile-worker job these outcomes end (its `job_runs` mark goes with them). */
export async function recordOutcomes(
  db: pg.Pool | pg.PoolClient,
  outcomes: Outcome[],
  { finishedJob }: { finishedJob?: string } = {},
): Promise<void> {
  if (!outcomes.length) {
    if (finishedJob) await db.query(FINISHED_SQL, [finishedJob]);
    return;
  }
  const changes = await recordResiliently(db, outcomes, finishedJob ?? null);
  count(outcomes);
  // an endpoint this batch disabled keeps what it had waiting, paused; its people are told
  const disabled = changes.streaks.filter((s) => s.disabled_now).map((s) => s.id);
  if (disabled.length)
    await pauseEndpointDeliveries(
      db,
      disabled,
      outcomes.flatMap((o) => (o.attempt ? [o.attempt.delivery_id] : o.closure ? [o.closure.delivery_id] : [])),
    );
  // closed as paused because the job saw the endpoint disabled: if it was enabled meanwhile (and
  // what it kept paused already delivered), they go out now instead of waiting behind an enabled endpoint
  const paused = outcomes.flatMap((o) => (o.closure?.status === "paused" ? [o.closure.delivery_id] : []));
  await releaseIfEnabled(paused);
  if (changes.streaks.length || changes.exhausted.length) await noticeChanges(db, changes.streaks, changes.exhausted);
}
