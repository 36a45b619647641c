// The delivery worker: graphile-worker with a local queue (jobs fetched and locked in batches),
// the `deliver` task, hourly retention, and liveness: each process beats in `worker_heartbeats`;
// jobs locked by a process that stopped beating (killed, crashed) are released for the others.
import { sendQueuedMessage } from "@/lib/mail/outbox";
import { sendChatMessage } from "@/lib/alerts/chat";
import { sendExhaustedDigest } from "@/lib/alerts/exhausted";
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { run, type Runner, type RunnerOptions, type WorkerEvents, type WorkerPool } from "graphile-worker";
import { env } from "@/lib/env";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { runDeliverJob, warmConnections } from "@/lib/webhooks/engine/dispatch";
import { DEFAULT_LIMITS, EndpointLimiter } from "@/lib/webhooks/engine/endpoint-limiter";
import { deliverJobSchema, FRESH_CHANNEL } from "@/lib/webhooks/engine/job";
import { prepareTake, startFreshJobs } from "@/lib/webhooks/engine/fresh-jobs";
import { applyRetention, ensureLogPartitions, startYoungPartitionAnalyzer } from "@/lib/webhooks/engine/retention";
import { startWaitingSweep } from "@/lib/webhooks/engine/ordering";
import { startMetricsServer } from "@/lib/metrics/server";
import { lostConnection, PLAN_ONCE, POOL_IDLE_MS, pool } from "@/lib/db";

/** How often a worker releases waiting deliveries nothing holds any more (lib/webhooks/engine/ordering.ts). */
const WAITING_SWEEP_MS = 2_000;
/** How often a worker looks for new partitions of the log to analyze (lib/webhooks/engine/retention.ts). */
const YOUNG_PARTITIONS_MS = 2_000;
import { deleteExpiredRateLimits } from "@/lib/rate-limit";
import { quietLogger } from "@/lib/runtime/logger";
import { log } from "@/lib/log";

const RESTART_DELAY_MS = 1_000;
/** in-flight requests may take WEBHOOK_TIMEOUT_MS (15 s); the launcher waits 18 s for its children */
const DRAIN_LIMIT_MS = 17_500;

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

interface Liveness {
  /** beat for a lock owner besides graphile-worker's pools (fresh-jobs.ts) */
  track(owner: string): void;
  /** stop beating for a pool: the jobs it holds are released to the living pools */
  forget(poolId: string): void;
  stop(): Promise<void>;
}

function startLiveness(db: pg.Pool, events: WorkerEvents): Liveness {
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
  const tick = () => void beat().catch((error: Error) => log().error({ err: error }, "worker heartbeat failed"));
  const forget = (poolId: string) => {
    if (!pools.delete(poolId)) return;
    void db.query(`DELETE FROM worker_heartbeats WHERE pool_id = $1`, [poolId]).catch(() => undefined);
  };
  events.on("pool:create", ({ workerPool }) => {
    pools.add(workerPool.id);
    tick();
  });
  events.on("pool:release", ({ workerPool }) => forget(workerPool.id));
  const timer = setInterval(tick, (env.WORKER_DEAD_AFTER_SECONDS * 1000) / 4);
  return {
    track: (owner) => {
      pools.add(owner);
      tick();
    },
    forget,
    stop: async () => {
      clearInterval(timer);
      await db.query(`DELETE FROM worker_heartbeats WHERE pool_id = ANY ($1)`, [[...pools]]).catch(() => undefined);
    },
  };
}

/** At most this many connections are opened and prepared at start (the default pool: 32). */
const WARM_CONNECTIONS = 32;

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const concurrency = options.concurrency ?? env.WORKER_CONCURRENCY;
  // synchronous_commit off for the worker's own writes: a crash may forget a finished attempt (the
  // job runs again: a duplicate with the same webhook-id), never lose an event. Its named statements
  // (load, record) are planned once per connection (PLAN_ONCE, lib/db.ts).
  const poolSize = Math.max(12, concurrency);
  const db = new pg.Pool({
    connectionString: options.connectionString,
    max: poolSize,
    idleTimeoutMillis: POOL_IDLE_MS,
    options: `-c synchronous_commit=off ${PLAN_ONCE}`,
  });
  const onError = (error: Error) => log().warn(lostConnection(error), "worker database connection error");
  db.on("error", onError);
  db.on("connect", (client) => client.on("error", onError));
  const events: WorkerEvents = new EventEmitter();
  const limiter = new EndpointLimiter({ ...DEFAULT_LIMITS, limit: env.ENDPOINT_CONCURRENCY, patientWaitMs: env.WEBHOOK_TIMEOUT_MS });
  const liveness = startLiveness(db, events);
  // fresh jobs are locked in a name of their own, which beats; what they leave is nudged to graphile-worker's current pool
  let workerPool: WorkerPool | undefined;
  const freshOwner = `fresh-${randomUUID()}`;
  // beating from when graphile-worker's first pool is up: a heartbeat says the worker is ready (the
  // bench waits for it; beating from before the warm-up let it publish 2 s too early)
  events.once("pool:create", () => liveness.track(freshOwner));
  const fresh = startFreshJobs(db, {
    limiter,
    capacity: Math.max(4, Math.ceil(concurrency / 4)),
    owner: freshOwner,
    nudge: (count) => runnerAlive && workerPool?.nudge(count),
  });
  events.on("pool:create", ({ workerPool: created }) => (workerPool = created));
  events.on("pool:listen:success", ({ client }) => void client.query(`LISTEN ${FRESH_CHANNEL}`).catch(() => undefined));
  events.on("pool:listen:notification", ({ message }) => {
    if (message.channel === FRESH_CHANNEL && message.payload) fresh.offer(message.payload);
  });
  const stopSweep = startWaitingSweep(db, WAITING_SWEEP_MS);
  const stopAnalyzer = startYoungPartitionAnalyzer(db, YOUNG_PARTITIONS_MS);
  const runnerOptions: RunnerOptions = {
    pgPool: db,
    concurrency,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 1000,
    logger: quietLogger,
    events,
    taskList: {
      deliver: async (payload, helpers) => {
        const job = deliverJobSchema.safeParse(payload);
        // a payload no worker can read would fail forever: say so once instead
        if (!job.success) return void log().error({ job_id: helpers.job.id, err: job.error }, "deliver job with an unreadable payload");
        await runDeliverJob(db, job.data, { limiter, jobId: helpers.job.id, jobCreatedAt: helpers.job.created_at });
      },
      "send-message": async (payload) => {
        const messageId = (payload as { message_id?: unknown })?.message_id;
        if (typeof messageId === "string") await sendQueuedMessage(db, messageId);
      },
      "send-chat": async (payload) => {
        const messageId = (payload as { message_id?: unknown })?.message_id;
        if (typeof messageId === "string") await sendChatMessage(db, messageId);
      },
      "alert-exhausted": async (payload) => {
        const endpointId = (payload as { endpoint_id?: unknown })?.endpoint_id;
        if (typeof endpointId === "string") await sendExhaustedDigest(db, endpointId);
      },
      retention: async () => {
        await ensureLogPartitions(db);
        await applyRetention(db);
        await deleteExpiredRateLimits(db);
      },
    },
    crontab: "17 * * * * retention ?max=1",
    preset: {
      worker: {
        localQueue: { size: Math.max(2 * concurrency, 16) },
        completeJobBatchDelay: 0,
        failJobBatchDelay: 0,
        gracefulShutdownAbortTimeout: 15_000,
      },
    },
  };

  // graphile-worker shuts its pool down for good when it cannot mark a job completed or failed (e.g.
  // while PostgreSQL restarts). Such a pool stops beating at once, so the jobs it still holds are
  // released to the living pools, and a new runner takes over; until stop() is called.
  let poolId: string | undefined;
  events.on("pool:create", ({ workerPool }) => (poolId = workerPool.id));
  // the log's partitions for this week and the next (the hourly retention job keeps them ahead)
  await ensureLogPartitions(db).catch((error: Error) => log().warn({ err: error }, "the log's partitions could not be created: next hour"));
  // a pool sized for a high WORKER_CONCURRENCY grows the rest under load, as before
  await warmConnections(db, Math.min(poolSize, WARM_CONNECTIONS), prepareTake);
  let runner = await run(runnerOptions);
  let runnerAlive = true;
  let stopping: Promise<void> | undefined;
  let restarting: Promise<void> | undefined;
  const replace = () => {
    if (stopping || restarting || !runnerAlive) return;
    runnerAlive = false;
    if (poolId) liveness.forget(poolId);
    void runner.stop().catch(() => undefined);
    restarting = (async () => {
      while (!stopping) {
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
        try {
          runner = await run(runnerOptions);
        } catch (error) {
          log().error({ err: error }, "job runner could not restart");
          continue;
        }
        runnerAlive = true;
        watch(runner);
        log().warn("job runner restarted");
        return;
      }
    })().finally(() => (restarting = undefined));
  };
  const watch = (current: Runner) => void current.promise.then(noop, noop).then(() => current === runner && replace());
  events.on("pool:gracefulShutdown", ({ workerPool }) => workerPool.id === poolId && replace());
  watch(runner);
  return {
    get runner() {
      return runner;
    },
    stop: () =>
      (stopping ??= (async () => {
        await restarting;
        await fresh.stop();
        if (runnerAlive) await runner.stop();
        await stopSweep();
        await stopAnalyzer();
        await liveness.stop();
        await closeDeliverAgents();
        await db.end();
      })()),
  };
}

function noop(): void {}

/** `npm run worker` and the launcher's worker child: run until SIGTERM/SIGINT, then drain and exit 0. */
export async function runWorkerProcess(): Promise<void> {
  if (!env.DATABASE_URL) {
    console.error("✖ DATABASE_URL is not set (the worker needs the same database as the app)");
    process.exit(1);
  }
  // graphile-worker 0.18 leaves a promise rejection unhandled when its pool shuts down while the
  // database is unreachable (local queue jobs it cannot return): startWorker restarts the runner and
  // the liveness check releases those jobs, so log it instead of dying with the database.
  process.on("unhandledRejection", (reason) => log().error({ err: reason }, "unhandled rejection"));
  const worker = await startWorker({ connectionString: env.DATABASE_URL });
  console.log(`▸ delivery worker running (pid ${process.pid}, concurrency ${env.WORKER_CONCURRENCY})`);
  if (env.METRICS_PORT) {
    await startMetricsServer(env.METRICS_PORT, pool());
    console.log(`▸ worker metrics on port ${env.METRICS_PORT} (GET /metrics)`);
  }
  // SIGTERM may come twice (to this process, and to its whole group through the launcher): the
  // second one must not cut the drain short, so the handlers stay and only the first one acts
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), DRAIN_LIMIT_MS);
    worker.stop().then(
      () => (clearTimeout(force), process.exit(0)),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
