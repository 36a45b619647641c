// Writes what a batch of attempts did, in ONE statement: the attempts, the deliveries' new state,
// the endpoints' failure streaks (auto-disable), and the jobs for retries and for deliveries moved
// to their endpoint's queue.
import type pg from "pg";
import { env } from "@/lib/env";

export interface AttemptRecord {
  delivery_id: string;
  endpoint_id: string;
  number: number;
  trigger: "auto" | "manual" | "recover" | "test";
  started_at: string;
  duration_ms: number;
  request_headers: Record<string, string>;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  response_body_truncated: boolean;
  error_kind: string | null;
  error_message: string | null;
  /** the delivery's state after this attempt */
  status: "succeeded" | "retrying" | "failed";
  next_attempt_at: string | null;
  /** 410 Gone: disable the endpoint now */
  gone: boolean;
}

export interface JobToAdd {
  ids: string[];
  run_at: string;
  trigger?: "auto" | "recover";
  /** the endpoint queue the job waits in (lib/webhooks/engine/dispatch.ts: endpointQueue) */
  queue?: string;
  priority?: number;
}

export interface Cancellation {
  delivery_id: string;
  reason: string;
}

export const RECORD_SQL = `
WITH r AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    delivery_id uuid, endpoint_id uuid, number int, trigger "AttemptTrigger", started_at timestamptz, duration_ms int,
    request_headers jsonb, response_status int, response_headers jsonb, response_body text, response_body_truncated boolean,
    error_kind text, error_message text, status "DeliveryStatus", next_attempt_at timestamptz, gone boolean)
), attempts_in AS (
  INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers, response_status,
    response_headers, response_body, response_body_truncated, error_kind, error_message)
  SELECT delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers, response_status,
    response_headers, response_body, response_body_truncated, error_kind, error_message FROM r
), deliveries_up AS (
  UPDATE deliveries d SET status = r.status, attempt_count = GREATEST(d.attempt_count, r.number), next_attempt_at = r.next_attempt_at,
    last_status_code = r.response_status, last_error = coalesce(r.error_message, r.error_kind), last_duration_ms = r.duration_ms, updated_at = now()
  -- the ANY(…) lets the plan look rows up by primary key: a join on the recordset alone is planned
  -- as a hash join over a sequential scan of every delivery (the generic plan guesses 100 input rows)
  FROM r WHERE d.id = r.delivery_id AND d.id = ANY (ARRAY(SELECT delivery_id FROM r))
), streak AS (
  SELECT endpoint_id,
    bool_or(gone) AS gone,
    count(*) FILTER (WHERE status <> 'succeeded') AS failures,
    (array_agg(status = 'succeeded' ORDER BY started_at DESC))[1] AS last_ok,
    min(started_at) FILTER (WHERE status <> 'succeeded') AS first_failure_at
  FROM r WHERE trigger <> 'test' GROUP BY endpoint_id
), locked AS (
  -- endpoints whose streak changes, locked in id order: concurrent batches failing on the same
  -- endpoints would otherwise lock them in plan order and deadlock (the job then runs again)
  SELECT e.id FROM endpoints e JOIN streak s ON s.endpoint_id = e.id
  WHERE NOT (s.last_ok AND e.consecutive_failures = 0 AND e.failing_since IS NULL)
  ORDER BY e.id FOR NO KEY UPDATE OF e
), endpoints_up AS (
  -- the streak is read from \`e\` itself, the row version this statement updates: a concurrent batch
  -- that failed on the same endpoint is counted (a joined copy would be its stale snapshot)
  UPDATE endpoints e SET (consecutive_failures, failing_since, enabled, disabled_at, disabled_reason) = (
    SELECT CASE WHEN s.last_ok THEN 0 ELSE e.consecutive_failures + s.failures END,
      CASE WHEN s.last_ok THEN NULL ELSE coalesce(e.failing_since, s.first_failure_at) END,
      e.enabled AND NOT x.disable,
      CASE WHEN e.enabled AND x.disable THEN now() ELSE e.disabled_at END,
      CASE WHEN e.enabled AND x.disable THEN (CASE WHEN s.gone THEN 'gone' ELSE 'failing' END) ELSE e.disabled_reason END
    FROM (SELECT s.gone OR (NOT s.last_ok AND ($2 > 0 AND e.consecutive_failures + s.failures >= $2
      OR coalesce(e.failing_since, s.first_failure_at) < now() - make_interval(secs => $3))) AS disable) x)
  FROM streak s JOIN locked l ON l.id = s.endpoint_id
  WHERE e.id = s.endpoint_id AND NOT (s.last_ok AND e.consecutive_failures = 0 AND e.failing_since IS NULL)
), c AS (
  SELECT * FROM jsonb_to_recordset($4::jsonb) AS c(delivery_id uuid, reason text)
), cancelled AS (
  UPDATE deliveries d SET status = 'cancelled', next_attempt_at = NULL, last_error = c.reason, updated_at = now()
  FROM c WHERE d.id = c.delivery_id AND d.id = ANY (ARRAY(SELECT delivery_id FROM c)) AND d.status IN ('pending', 'retrying')
), jobs AS (
  -- add_jobs notifies every listening worker even for an empty list: call it only with jobs to add
  SELECT (SELECT count(*) FROM graphile_worker.add_jobs(ARRAY(
    SELECT ROW('deliver', json_build_object('d', j.ids, 't', j.trigger, 'q', j.queue IS NOT NULL), j.queue, j.run_at, NULL, NULL, j.priority, NULL)::graphile_worker.job_spec
    FROM jsonb_to_recordset($5::jsonb) AS j(ids json, run_at timestamptz, trigger text, queue text, priority int)
  ))) AS n
  WHERE jsonb_array_length($5::jsonb) > 0
)
SELECT (SELECT n FROM jobs) AS jobs`;

export async function recordOutcomes(
  client: pg.Pool | pg.PoolClient,
  attempts: AttemptRecord[],
  cancellations: Cancellation[] = [],
  jobs: JobToAdd[] = [],
): Promise<void> {
  if (!attempts.length && !cancellations.length && !jobs.length) return;
  const values = [
    JSON.stringify(attempts),
    env.AUTO_DISABLE_AFTER_FAILURES,
    env.AUTO_DISABLE_AFTER_DAYS * 86_400,
    JSON.stringify(cancellations),
    JSON.stringify(jobs),
  ];
  // A deadlock rolls the whole statement back: run it again rather than fail the job, whose retry
  // would send every request of the batch a second time.
  for (let tries = 1; ; tries++) {
    try {
      await client.query({ name: "record-outcomes", text: RECORD_SQL, values });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK_DETECTED || tries >= 3) throw error;
    }
  }
}

const DEADLOCK_DETECTED = "40P01";
