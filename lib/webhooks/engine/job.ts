// The `deliver` job: which deliveries to attempt, why, and where the job waits. Jobs are added by SQL
// (publish, record, recover, resend statements) as JSON with these names; the worker reads them back
// through this schema.
import { z } from "zod";

export const DELIVER_TASK = "deliver";

/** The channel on which a publish names the jobs it made, for a worker to take at once (fresh-jobs.ts). */
export const FRESH_CHANNEL = "nfe_fresh_jobs";
/** A publish names at most this many jobs (well within a notification's 8,000 bytes); more go to graphile-worker's channel. */
export const FRESH_NAMED_MAX = 64;

/** Shared fan-out jobs: priority 0. A resend a person asked for goes first. */
export const MANUAL_PRIORITY = -10;
/**
 * Retries run after the fan-out jobs that are due: a failing receiver's retries, due by the hundred
 * a few seconds after its first failures, would otherwise be fetched first (they were due earlier)
 * and hold back every organization's new events — measured with one of 10 endpoints refusing
 * connections at 50 events/s: the others' deliveries waited up to a second to be picked up.
 */
export const RETRY_PRIORITY = 5;
/**
 * A failing endpoint's retries due in the same second are one job (graphile-worker's job key): a
 * receiver that fails everything would otherwise turn each second's failures into as many jobs, a
 * load and a record statement each, due together a few seconds later — measured with one of 10
 * endpoints refusing connections at 50 events/s, the others' deliveries waited for them.
 */
export function retryKey(endpointId: string, runAt: Date): string {
  return `retry:${endpointId}:${Math.floor(runAt.getTime() / 1000)}`;
}

/** Deliveries waiting in their endpoint's queues run after the shared jobs. */
export const QUEUED_PRIORITY = 10;

const triggers = ["auto", "recover", "manual"] as const;
export type JobTrigger = (typeof triggers)[number];

const current = z.object({
  deliveries: z.array(z.uuid()).min(1),
  trigger: z.enum(triggers).default("auto"),
  /** the job waits in one of its endpoint's queues (endpointQueue) */
  queued: z.boolean().default(false),
});

/** Jobs written before the names were spelled out: {d: ids, t: trigger, q: queued}. */
const legacy = z
  .object({ d: z.array(z.uuid()).min(1), t: z.enum(triggers).nullish(), q: z.boolean().nullish() })
  .transform((j) => ({ deliveries: j.d, trigger: j.t ?? "auto", queued: j.q ?? false }));

export const deliverJobSchema = z.union([current, legacy]);
export type DeliverJob = z.output<typeof current>;

/**
 * A delivery that cannot get a slot waits in one of K named graphile-worker queues of its endpoint
 * (K = ENDPOINT_CONCURRENCY). A named queue runs one job at a time, so at most K of them are in
 * flight across every worker process, and a waiting one costs nothing until its queue frees up. The
 * queue follows from the delivery id (its random tail), so the same delivery always waits in the same
 * queue and an endpoint's deliveries spread evenly over its K queues.
 */
export function endpointQueue(endpointId: string, deliveryId: string, k: number): string {
  const tail = Number.parseInt(deliveryId.replaceAll("-", "").slice(-8), 16);
  return `endpoint:${endpointId}:${tail % k}`;
}
