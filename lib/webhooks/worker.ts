// The delivery worker: graphile-worker with a local queue (jobs fetched and locked in batches),
// the `deliver` task, hourly retention, and liveness: each process beats in `worker_heartbeats`;
// jobs locked by a process that stopped beating (killed, crashed) are released for the others.
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import pg from "pg";
import { run, type Runner, type WorkerEvents } from "graphile-worker";
import { env } from "@/lib/env";
import { closeDeliverAgents } from "@/lib/webhooks/deliver";
import { runDeliverJob, type DeliverJobPayload } from "@/lib/webhooks/dispatch";
import { applyRetention } from "@/lib/webhooks/retention";
import { quietLogger } from "@/lib/runtime/logger";


export interface WorkerHandle {
  runner: Runner;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  connectionString: string;
  concurrency?: number;
  pollIntervalMs?: number;
}

const RELEASE_DEAD_SQL = `
WITH dead AS (
  DELETE FROM worker_heartbeats WHERE last_seen_at < now() - make_interval(secs => $1) RETURNING pool_id
), orphaned AS (
  SELECT DISTINCT locked_by AS pool_id FROM graphile_worker._private_jobs j
  WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)
    AND NOT EXISTS (SELECT 1 FROM worker_heartbeats h WHERE h.pool_id = j.locked_by AND h.last_seen_at >= now() - make_interval(secs => $1))
)
SELECT graphile_worker.force_unlock_workers(array_agg(pool_id)) FROM (SELECT pool_id FROM dead UNION SELECT pool_id FROM orphaned) ids
HAVING count(*) > 0`;

function startLiveness(db: pg.Pool, events: WorkerEvents): () => Promise<void> {
  const pools = new Set<string>();
  const beat = async () => {
    for (const id of pools) {
      await db.query(
        `INSERT INTO worker_heartbeats (pool_id, hostname, pid) VALUES ($1, $2, $3)
         ON CONFLICT (pool_id) DO UPDATE SET last_seen_at = now()`,
        [id, hostname(), process.pid],
      );
    }
    await db.query(RELEASE_DEAD_SQL, [env.WORKER_DEAD_AFTER_SECONDS]);
  };
  const tick = () => void beat().catch((error: Error) => console.error(`[worker] heartbeat failed: ${error.message}`));
  events.on("pool:create", ({ workerPool }) => {
    pools.add(workerPool.id);
    tick();
  });
  const timer = setInterval(tick, (env.WORKER_DEAD_AFTER_SECONDS * 1000) / 4);
  return async () => {
    clearInterval(timer);
    await db.query(`DELETE FROM worker_heartbeats WHERE pool_id = ANY ($1)`, [[...pools]]).catch(() => undefined);
  };
}

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const concurrency = options.concurrency ?? env.WORKER_CONCURRENCY;
  // synchronous_commit off for the worker's own writes: a crash may forget a finished attempt (the
  // job runs again: a duplicate with the same webhook-id), never lose an event.
  const db = new pg.Pool({ connectionString: options.connectionString, max: Math.max(12, concurrency), options: "-c synchronous_commit=off" });
  db.on("error", (error) => console.error(`[worker] database connection error: ${error.message}`));
  const events: WorkerEvents = new EventEmitter();
  const stopLiveness = startLiveness(db, events);
  const runner = await run({
    pgPool: db,
    concurrency,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 1000,
    logger: quietLogger,
    events,
    taskList: {
      deliver: async (payload) => runDeliverJob(db, payload as DeliverJobPayload),
      retention: async () => void (await applyRetention(db)),
    },
    crontab: "17 * * * * retention ?max=1",
    preset: { worker: { localQueue: { size: Math.max(2 * concurrency, 16) }, completeJobBatchDelay: 0, failJobBatchDelay: 0, gracefulShutdownAbortTimeout: 15_000 } },
  });
  let stopping: Promise<void> | undefined;
  return {
    runner,
    stop: () =>
      (stopping ??= (async () => {
        await runner.stop();
        await stopLiveness();
        await closeDeliverAgents();
        await db.end();
      })()),
  };
}

/** `npm run worker` and the launcher's worker child: run until SIGTERM/SIGINT, then drain and exit 0. */
export async function runWorkerProcess(): Promise<void> {
  if (!env.DATABASE_URL) {
    console.error("✖ DATABASE_URL is not set (the worker needs the same database as the app)");
    process.exit(1);
  }
  const worker = await startWorker({ connectionString: env.DATABASE_URL });
  console.log(`▸ delivery worker running (pid ${process.pid}, concurrency ${env.WORKER_CONCURRENCY})`);
  const shutdown = () => {
    const force = setTimeout(() => process.exit(1), 19_000);
    worker.stop().then(
      () => (clearTimeout(force), process.exit(0)),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
