// Prometheus metrics (prom-client) of the web and worker processes. Counters and histograms are
// kept in the process that does the work (publishing in the web process, attempts in the workers);
// the figures about the queue (open deliveries, the oldest due one, disabled endpoints, jobs
// waiting) are read from the database at scrape time, so every process answers them alike.
//
// One registry per process, kept on globalThis: the web process loads this module twice (its own
// node:http fast path, and Next.js' bundle of the route handlers) and both must count into the same
// metrics.
import "server-only";
import client from "prom-client";
import type pg from "pg";

const PREFIX = "nfe_webhooks_";

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
  return {
    registry,
    eventsPublished: new client.Counter({
      name: `${PREFIX}events_published_total`,
      help: "Events stored, by type (an idempotent repeat stores none)",
      labelNames: ["type"] as const,
      registers: [registry],
    }),
    deliveries: new client.Counter({
      name: `${PREFIX}deliveries_total`,
      help: "What each recorded attempt or closure left a delivery as: succeeded, retrying, failed, interrupted, cancelled, paused, waiting",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    attemptDuration: new client.Histogram({
      name: `${PREFIX}attempt_duration_seconds`,
      help: "How long each HTTP attempt to a receiver took, by whether it got 2xx",
      labelNames: ["success"] as const,
      buckets: seconds,
      registers: [registry],
    }),
    publishStatement: new client.Histogram({
      name: `${PREFIX}publish_statement_seconds`,
      help: "Time of the statement that stores a batch of events with their deliveries and jobs",
      buckets: seconds,
      registers: [registry],
    }),
    freshJobs: new client.Counter({
      name: `${PREFIX}fresh_jobs_total`,
      help: "Jobs named by a publish: taken by the worker that heard it, left to graphile-worker (no room, or the take failed), given back after a failed run",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    recordStatement: new client.Histogram({
      name: `${PREFIX}record_statement_seconds`,
      help: "Time of the statement that records a job's attempts, streaks and retries",
      buckets: seconds,
      registers: [registry],
    }),
  };
}

type Metrics = ReturnType<typeof create>;
const holder = globalThis as typeof globalThis & { __nfeWebhooksMetrics?: Metrics };

export function metrics(): Metrics {
  return (holder.__nfeWebhooksMetrics ??= create());
}

/** Times `work` into `histogram`. */
export async function timed<T>(histogram: client.Histogram, work: () => Promise<T>): Promise<T> {
  const end = histogram.startTimer();
  try {
    return await work();
  } finally {
    end();
  }
}

const QUEUE_SQL = `
SELECT
  (SELECT coalesce(json_object_agg(status, n), '{}') FROM (
     SELECT status::text, count(*)::int AS n FROM deliveries WHERE status IN ('pending', 'retrying', 'paused', 'waiting') GROUP BY status) s) AS open,
  (SELECT extract(epoch FROM now() - min(next_attempt_at))::float8 FROM deliveries
     WHERE status IN ('pending', 'retrying') AND next_attempt_at <= now()) AS oldest_due_seconds,
  (SELECT count(*)::int FROM endpoints WHERE NOT enabled AND deleted_at IS NULL) AS endpoints_disabled,
  (SELECT count(*)::int FROM graphile_worker._private_jobs WHERE locked_at IS NULL AND run_at <= now()) AS jobs_ready`;

interface QueueRow {
  open: Record<string, number>;
  oldest_due_seconds: number | null;
  endpoints_disabled: number;
  jobs_ready: number;
}

/** The whole exposition: this process's counters, and the queue as the database has it now. */
export async function exposition(db: pg.Pool): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  const queue = new client.Registry();
  const { rows } = await db.query<QueueRow>(QUEUE_SQL);
  const row = rows[0]!;
  const open = new client.Gauge({
    name: `${PREFIX}deliveries_open`,
    help: "Deliveries not finished, by status",
    labelNames: ["status"] as const,
    registers: [queue],
  });
  for (const status of ["pending", "retrying", "paused", "waiting"]) open.set({ status }, row.open[status] ?? 0);
  new client.Gauge({
    name: `${PREFIX}oldest_due_delivery_age_seconds`,
    help: "How long the oldest delivery that is due has been waiting to be sent (0: none)",
    registers: [queue],
  }).set(Math.max(0, row.oldest_due_seconds ?? 0));
  new client.Gauge({ name: `${PREFIX}endpoints_disabled`, help: "Endpoints disabled (by hand or automatically)", registers: [queue] }).set(
    row.endpoints_disabled,
  );
  new client.Gauge({ name: `${PREFIX}job_queue_depth`, help: "Worker jobs ready to run and not taken", registers: [queue] }).set(
    row.jobs_ready,
  );
  const merged = client.Registry.merge([registry, queue]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
