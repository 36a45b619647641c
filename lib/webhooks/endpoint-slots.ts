// At most K requests in flight per endpoint in this process, so one slow receiver cannot take
// every worker slot. A delivery waits briefly for a slot (a fast receiver frees one in
// milliseconds); if none frees up in time, or the endpoint is known to be slow, the caller moves it
// to the endpoint's own queue (lib/webhooks/dispatch.ts) instead of holding its job.
import { env } from "@/lib/env";

interface Slots {
  inFlight: number;
  waiters: ((acquired: boolean) => void)[];
}

const endpoints = new Map<string, Slots>();
/** recent response time per endpoint (exponential moving average, ms) */
const latency = new Map<string, number>();

/**
 * How long a delivery to a busy but fast endpoint waits for a slot before moving to the endpoint's
 * queue. Generous: under load a fast endpoint's slots free up within a few hundred ms, and a queued
 * delivery costs a job of its own. Slow endpoints get no wait (isSlow), and the deliveries waiting
 * on an endpoint that turns out slow are let go at once (releaseSlot).
 */
export const SLOT_WAIT_MS = 2_000;
/** an endpoint answering slower than this is slow: its deliveries go to its queue at once */
const SLOW_MS = 500;

/** Has this endpoint recently been answering slower than SLOW_MS (in this process)? */
export function isSlow(endpointId: string): boolean {
  return (latency.get(endpointId) ?? 0) > SLOW_MS;
}

export function acquireSlot(endpointId: string, maxWaitMs = SLOT_WAIT_MS, limit = env.ENDPOINT_CONCURRENCY): Promise<boolean> {
  let slots = endpoints.get(endpointId);
  if (!slots) endpoints.set(endpointId, (slots = { inFlight: 0, waiters: [] }));
  if (slots.inFlight < limit) {
    slots.inFlight++;
    return Promise.resolve(true);
  }
  if (maxWaitMs <= 0) return Promise.resolve(false);
  const queue = slots.waiters;
  return new Promise((resolve) => {
    const waiter = (acquired: boolean) => {
      clearTimeout(timer);
      resolve(acquired);
    };
    const timer = setTimeout(() => {
      queue.splice(queue.indexOf(waiter), 1);
      resolve(false);
    }, maxWaitMs);
    queue.push(waiter);
  });
}

/** `durationMs`: how long the request that held the slot took (feeds the slow-endpoint rule). */
export function releaseSlot(endpointId: string, durationMs?: number): void {
  if (durationMs !== undefined) {
    const previous = latency.get(endpointId);
    latency.set(endpointId, previous === undefined ? durationMs : previous * 0.8 + durationMs * 0.2);
    if (latency.size > 10_000) latency.clear();
  }
  const slots = endpoints.get(endpointId);
  if (!slots) return;
  // deliveries waiting on an endpoint now known to be slow go to its queue instead
  if (isSlow(endpointId)) for (const waiter of slots.waiters.splice(0)) waiter(false);
  const next = slots.waiters.shift();
  if (next) return next(true); // the slot passes straight to the next waiter
  slots.inFlight--;
  if (slots.inFlight <= 0) endpoints.delete(endpointId);
}
