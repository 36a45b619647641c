// Writes what a job did, in ONE statement: the attempts (numbered under each delivery's row lock), the
// deliveries' new state (a delivery that once succeeded stays succeeded), deliveries closed without an
// attempt, and the jobs for retries and for deliveries moved to their endpoint's queue; then the
// endpoints' failure streaks (auto-disable), batched with the process's other jobs (streaks.ts).
// Recording is what makes a job safe to forget, so it
// does not give up lightly: a deadlock runs the statement again, an unreachable database is waited
// for (bounded), and a row PostgreSQL refuses is recorded on its own, as an error attempt if it must,
// so one receiver's answer can never make a whole job fail and be sent again.
import type pg from "pg";
import { noticeChanges, type ExhaustedDelivery } from "@/lib/alerts/notice";
import { countStreaks, prepareStreaks } from "@/lib/webhooks/engine/streaks";
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
  /**
   * Retries with the same key (their endpoint and second: job.ts retryKey) are one job: added to a
   * job of that key not yet started, else a job of their own.
   */
  key?: string;
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
), exhausted AS (
  -- deliveries that ran out of automatic attempts with this job (a failed manual resend is not news)
  SELECT u.id, u.endpoint_id FROM deliveries_up u JOIN r ON r.delivery_id = u.id
  WHERE u.status = 'failed' AND r.status = 'failed' AND r.trigger IN ('auto', 'recover') AND r.error_kind IS DISTINCT FROM 'interrupted'
), c AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS c(delivery_id uuid, status "DeliveryStatus", reason text)
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
  -- the jobs to add, but none to retry what was paused, cancelled or discarded meanwhile; a keyed
  -- retry's job is the connection's own (its recordings follow one another), else every recording
  -- of a failing endpoint's outcomes would wait for the one before it to commit, its job row locked
  SELECT j.deliveries, j.run_at, j.trigger, j.queue, j.priority, j.key || ':' || pg_backend_pid() AS key
  FROM jsonb_to_recordset($3::jsonb) AS j(deliveries json, run_at timestamptz, trigger text, queue text, priority int, key text)
  WHERE NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.id = ANY (ARRAY(SELECT value::uuid FROM json_array_elements_text(j.deliveries)))
    AND x.status IN ('paused', 'cancelled', 'discarded'))
), task AS (
  SELECT id FROM graphile_worker._private_tasks WHERE identifier = '${DELIVER_TASK}'
), keyed AS (
  -- retries of one endpoint due in the same second (one key): one job, the earliest time, every delivery
  SELECT s.key, jsonb_agg(d.value) AS deliveries, min(s.run_at) AS run_at, min(s.trigger) AS trigger, min(s.priority) AS priority
  FROM specs s CROSS JOIN LATERAL jsonb_array_elements(s.deliveries::jsonb) d
  WHERE s.queue IS NULL AND s.key IS NOT NULL GROUP BY s.key
), merged AS (
  -- added to the key's job only while no worker has ever taken it (attempts = 0): one already
  -- running, or cut short, has loaded its deliveries, and would take these for its own interrupted ones
  INSERT INTO graphile_worker._private_jobs AS j (task_id, payload, run_at, priority, key)
  SELECT (SELECT id FROM task), json_build_object('deliveries', k.deliveries, 'trigger', k.trigger, 'queued', false), k.run_at,
    coalesce(k.priority, 0), k.key
  FROM keyed k WHERE EXISTS (SELECT 1 FROM task)
  ON CONFLICT (key) DO UPDATE SET
    payload = json_build_object('deliveries', (j.payload::jsonb -> 'deliveries') || (excluded.payload::jsonb -> 'deliveries'),
      'trigger', j.payload -> 'trigger', 'queued', false),
    run_at = least(j.run_at, excluded.run_at), revision = j.revision + 1, updated_at = now()
  WHERE j.locked_at IS NULL AND j.attempts = 0
  RETURNING key, run_at, revision
), retries AS (
  -- jobs outside any queue (the retries) inserted as graphile-worker's add_jobs() would insert them
  -- (the columns' defaults), without its four statements a call (0.45 ms against 0.035 measured)
  -- and its notification, which wakes every listening worker to look for a job that is not due yet;
  -- also a keyed retry whose key's job has started (a job of its own, without the key)
  INSERT INTO graphile_worker._private_jobs (task_id, payload, run_at, priority)
  SELECT (SELECT id FROM task), json_build_object('deliveries', s.deliveries, 'trigger', s.trigger, 'queued', false), s.run_at, coalesce(s.priority, 0)
  FROM specs s WHERE s.queue IS NULL AND EXISTS (SELECT 1 FROM task)
    AND (s.key IS NULL OR s.key NOT IN (SELECT key FROM merged))
  RETURNING run_at
), retries_due AS (
  -- a new job due now is announced as add_jobs would (graphile-worker's channel and payload)
  SELECT pg_notify('jobs:insert', json_build_object('count', count(*))::text)
  FROM (SELECT run_at FROM retries UNION ALL SELECT run_at FROM merged WHERE revision = 0) new_jobs
  WHERE run_at <= now() HAVING count(*) > 0
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
  DELETE FROM job_runs WHERE job_id = $4::bigint
), job_done AS (
  -- a job the worker took itself (fresh-jobs.ts) is completed here, as graphile-worker would
  DELETE FROM graphile_worker._private_jobs WHERE id = $4::bigint AND locked_by = $5::text
)
SELECT coalesce((SELECT n FROM queued), 0) + (SELECT count(*) FROM retries) + (SELECT count(*) FROM merged WHERE revision = 0) AS jobs, (SELECT count(*) FROM retries_due) AS retries_due,
  (SELECT count(*) FROM released_jobs) AS released_jobs, (SELECT coalesce(json_agg(exhausted), '[]') FROM exhausted) AS exhausted`;

/** How long results are kept while the database is unreachable (a restart, a failover). */
export const RECORD_PATIENCE_MS = 120_000;
const RECONNECT_EVERY_MS = 500;

/** What a recording changed that people may need to hear about (lib/alerts). */
interface Changes {
  exhausted: ExhaustedDelivery[];
}

const NO_CHANGES: Changes = { exhausted: [] };

const FINISHED_SQL = `
WITH job_finished AS (DELETE FROM job_runs WHERE job_id = $1::bigint)
DELETE FROM graphile_worker._private_jobs WHERE id = $1::bigint AND locked_by = $2::text`;

/** The job a recording ends: its id, and the pool that took it itself (it completes the job), if one did. */
interface FinishedJob {
  id: string;
  ownedBy?: string;
}

async function finish(db: pg.Pool | pg.PoolClient, job: FinishedJob): Promise<void> {
  await db.query({ name: "finish-job", text: FINISHED_SQL, values: [job.id, job.ownedBy ?? null] });
}

async function runRecord(db: pg.Pool | pg.PoolClient, outcomes: Outcome[], finishedJob: FinishedJob | null): Promise<Changes> {
  const attempts = outcomes.flatMap((o) => (o.attempt ? [o.attempt] : []));
  const closures = outcomes.flatMap((o) => (o.closure ? [o.closure] : []));
  const jobs = outcomes.flatMap((o) => (o.job ? [o.job] : []));
  const values = [
    JSON.stringify(attempts),
    JSON.stringify(closures),
    JSON.stringify(jobs),
    finishedJob?.id ?? null,
    finishedJob?.ownedBy ?? null,
  ];
  const { rows } = await timed(metrics().recordStatement, () => db.query<Changes>({ name: "record-outcomes", text: RECORD_SQL, values }));
  return rows[0] ?? NO_CHANGES;
}

/** Runs the record statement on `client` with no outcomes: prepared and planned there, nothing written. */
export async function prepareRecord(client: pg.PoolClient): Promise<void> {
  await runRecord(client, [], null);
  await prepareStreaks(client);
}

/** The statement, again after a deadlock (3 tries) and again while the database is unreachable (bounded). */
async function recordPatiently(db: pg.Pool | pg.PoolClient, outcomes: Outcome[], finishedJob: FinishedJob | null): Promise<Changes> {
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
async function recordResiliently(db: pg.Pool | pg.PoolClient, outcomes: Outcome[], finishedJob: FinishedJob | null): Promise<Changes> {
  try {
    return await recordPatiently(db, outcomes, finishedJob);
  } catch (error) {
    if (isUnreachable(error)) throw error; // waited long enough: the job fails and runs again
    const changes = await recordInPieces(db, outcomes, error);
    if (finishedJob) await finish(db, finishedJob);
    return changes;
  }
}

async function recordInPieces(db: pg.Pool | pg.PoolClient, outcomes: Outcome[], error: unknown): Promise<Changes> {
  if (outcomes.length > 1) {
    const half = Math.ceil(outcomes.length / 2);
    const first = await recordResiliently(db, outcomes.slice(0, half), null);
    const second = await recordResiliently(db, outcomes.slice(half), null);
    return { exhausted: [...first.exhausted, ...second.exhausted] };
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

/**
 * `finishedJob`: the graphile-worker job these outcomes end (its `job_runs` mark goes with them);
 * `ownedBy`: the pool that took that job itself (fresh-jobs.ts): the job is completed with them.
 */
export async function recordOutcomes(
  db: pg.Pool | pg.PoolClient,
  outcomes: Outcome[],
  { finishedJob, ownedBy }: { finishedJob?: string; ownedBy?: string } = {},
): Promise<void> {
  const job = finishedJob ? { id: finishedJob, ownedBy } : null;
  if (!outcomes.length) {
    if (job) await finish(db, job);
    return;
  }
  const { exhausted } = await recordResiliently(db, outcomes, job);
  count(outcomes);
  const streaks = await countStreaks(
    db,
    outcomes.flatMap((o) => (o.attempt ? [o.attempt] : [])),
  );
  // an endpoint this batch disabled keeps what it had waiting, paused; its people are told
  const disabled = streaks.filter((s) => s.disabled_now).map((s) => s.id);
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
  if (streaks.length || exhausted.length) await noticeChanges(db, streaks, exhausted);
}
