// Fresh `deliver` jobs, taken the moment they are published. The publish statement names the few jobs
// it made on FRESH_CHANNEL; the worker that hears it locks them and loads their deliveries in ONE
// statement (where graphile-worker would fetch them, then each job load its deliveries), sends them,
// and the statement that records the outcomes also deletes the job (where graphile-worker would
// complete it in one more): two statements a job instead of four, one round trip fewer between a
// publish and its request.
//
// A job is locked as graphile-worker locks one (attempts + 1, locked_by), in the name of an owner of
// its own that beats in worker_heartbeats like graphile-worker's pools, so what a killed worker held
// is released to the others the same way (worker.ts); a job that fails is given back with
// graphile-worker's backoff. What this worker has no room for, or a batch too big to name, is left to
// graphile-worker: nudged, or found by its poll.
import "server-only";
import type pg from "pg";
import { DELIVER_TASK, deliverJobSchema } from "@/lib/webhooks/engine/job";
import { deliveriesFrom, deliveryColumns, runLoadedJob, shareEventData, type DeliveryToSend } from "@/lib/webhooks/engine/dispatch";
import type { EndpointLimiter } from "@/lib/webhooks/engine/endpoint-limiter";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics/metrics";

/** How often a job this worker could not give back (the database unreachable) is tried again. */
const GIVE_BACK_EVERY_MS = 1_000;

// Only what graphile-worker would fetch: available, due, outside any named queue, a `deliver` job.
// `held` and `stale` are judged per job, by its own deliveries and creation time.
const TAKE_SQL = `
WITH j AS (
  SELECT id FROM graphile_worker._private_jobs
  WHERE id = ANY ($1::bigint[]) AND is_available AND run_at <= now() AND job_queue_id IS NULL
    AND task_id = (SELECT id FROM graphile_worker._private_tasks WHERE identifier = '${DELIVER_TASK}')
  ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
), taken AS (
  UPDATE graphile_worker._private_jobs AS jobs SET attempts = jobs.attempts + 1, locked_by = $2::text, locked_at = now()
  FROM j WHERE jobs.id = j.id
  RETURNING jobs.id, jobs.payload, jobs.created_at,
    ARRAY(SELECT jsonb_array_elements_text(coalesce(jobs.payload::jsonb -> 'deliveries', jobs.payload::jsonb -> 'd')))::uuid[] AS ids
), started AS (
  INSERT INTO job_runs (job_id) SELECT id FROM taken
  ON CONFLICT (job_id) DO UPDATE SET runs = job_runs.runs + 1, started_at = now()
  RETURNING job_id, runs
)
SELECT t.id::text AS job_id, t.payload AS job_payload, coalesce(s.runs, 1) AS runs, x.*
FROM taken t LEFT JOIN started s ON s.job_id = t.id
LEFT JOIN LATERAL (
  SELECT d.created_at AS delivery_created_at, ${deliveryColumns("t.ids", "t.created_at")}
  ${deliveriesFrom("t.ids")}
) x ON true
ORDER BY t.id, x.delivery_created_at, x.id`;

/**
 * Runs the take statement on `client` for no job: prepared and planned there (the first run on a new
 * connection plans it over every partition of the log: at start-up, before warming, the first
 * seconds of deliveries waited up to 2 s for it, `npm run bench -- --latency-only`).
 */
export async function prepareTake(client: pg.PoolClient): Promise<void> {
  await client.query({ name: "take-fresh-jobs", text: TAKE_SQL, values: [[], "", 0] });
}

const GIVE_BACK_SQL = `
UPDATE graphile_worker._private_jobs SET last_error = $3::text, locked_by = NULL, locked_at = NULL,
  run_at = greatest(now(), run_at) + (exp(least(attempts, 10)) * interval '1 second')
WHERE id = $1::bigint AND locked_by = $2::text`;

type TakenRow = Partial<DeliveryToSend> & { job_id: string; job_payload: unknown; runs: number };

interface Taken {
  id: string;
  payload: unknown;
  runs: number;
  rows: DeliveryToSend[];
}

function byJob(rows: TakenRow[]): Taken[] {
  const jobs = new Map<string, Taken>();
  for (const { job_id, job_payload, runs, ...row } of rows) {
    let job = jobs.get(job_id);
    if (!job) jobs.set(job_id, (job = { id: job_id, payload: job_payload, runs, rows: [] }));
    // a job whose deliveries are all gone (the log's retention) has one row without any
    if (row.id) job.rows.push(row as DeliveryToSend);
  }
  for (const job of jobs.values()) shareEventData(job.rows);
  return [...jobs.values()];
}

export interface FreshJobsOptions {
  limiter: EndpointLimiter;
  /** jobs this worker runs itself at once, besides graphile-worker's */
  capacity: number;
  /** the jobs are locked in this name (it must beat in worker_heartbeats while the worker lives) */
  owner: string;
  /** tells graphile-worker's pool there are jobs it should fetch */
  nudge: (count: number) => void;
}

export interface FreshJobs {
  /** a notification on FRESH_CHANNEL: the comma-separated ids of jobs just published */
  offer(payload: string): void;
  /** takes no more; waits for the jobs running and for those to give back */
  stop(): Promise<void>;
}

export function startFreshJobs(db: pg.Pool, { limiter, capacity, owner, nudge }: FreshJobsOptions): FreshJobs {
  const counted = metrics().freshJobs;
  let running = 0;
  let stopped = false;
  let idle: (() => void) | undefined;
  /** jobs to give back, and why: those that failed, and those a take may have locked without saying so */
  const toGiveBack = new Map<string, string>();

  const finished = (count = 1) => {
    running -= count;
    if (running === 0) idle?.();
  };

  const giveBack = async () => {
    for (const [id, error] of toGiveBack) {
      try {
        const { rowCount } = await db.query({ name: "give-back-job", text: GIVE_BACK_SQL, values: [id, owner, error.slice(0, 1_000)] });
        toGiveBack.delete(id);
        if (rowCount) counted.inc({ outcome: "given_back" }, rowCount);
      } catch {
        return; // next time; a job still locked when the worker stops is released with its owner (worker.ts)
      }
    }
  };
  const left = (count: number) => {
    counted.inc({ outcome: "left" }, count);
    nudge(count);
  };
  const retryTimer = setInterval(() => void (toGiveBack.size && giveBack()), GIVE_BACK_EVERY_MS);

  const run = async (taken: Taken) => {
    try {
      const job = deliverJobSchema.parse(taken.payload);
      await runLoadedJob(db, job, taken, { limiter, jobId: taken.id, ownedBy: owner });
    } catch (error) {
      log().warn({ job_id: taken.id, err: error }, "deliver job failed: given back to run again");
      toGiveBack.set(taken.id, (error as Error)?.message ?? String(error));
      await giveBack();
    }
  };

  const take = async (ids: string[]) => {
    const room = Math.min(ids.length, capacity - running);
    running += room;
    let started = 0;
    try {
      const { rows } = await db.query<TakenRow>({ name: "take-fresh-jobs", text: TAKE_SQL, values: [ids, owner, room] });
      const jobs = byJob(rows);
      started = jobs.length;
      if (started) counted.inc({ outcome: "taken" }, started);
      for (const job of jobs) void run(job).finally(() => finished());
    } catch (error) {
      // graphile-worker fetches them; should the take have locked some before its answer was lost
      // (the connection cut at commit), they are given back (only those locked in this owner's name)
      log().warn({ err: error }, "fresh jobs could not be taken: left to the job runner");
      for (const id of ids) toGiveBack.set(id, "not taken: the database connection failed");
      left(ids.length);
    } finally {
      if (room > started) finished(room - started);
    }
  };

  return {
    offer(payload) {
      const ids = payload.split(",").filter((id) => /^\d+$/.test(id));
      if (!ids.length) return;
      const room = capacity - running;
      if (stopped || room <= 0) return left(ids.length);
      if (ids.length > room) left(ids.length - room);
      void take(ids.slice(0, room));
    },
    async stop() {
      stopped = true;
      if (running > 0) await new Promise<void>((resolve) => (idle = resolve));
      clearInterval(retryTimer);
      await giveBack();
    },
  };
}
