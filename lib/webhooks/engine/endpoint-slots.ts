// At most K requests in flight per endpoint in this process, so one slow receiver cannot take
// every worker slot. A delivery waits briefly for a slot (a fast receiver frees one in
// milliseconds); if none frees up in time, or the endpoint is known to be slow, the caller moves it
// to the endpoint's own queue (lib/webhooks/engine/dispatch.ts) instead of holding its job.
import { env } from "@/lib/env";

interface Waiter {
  grant: (acquired: boolean) => void;
  /** a delivery already in its endpoint's queue: it waits through stalls and slowness */
  patient: boolean;
}

interface Slots {
  inFlight: number;
  waiters: Waiter[];
  /** requests finished so far: a waiter watches it to see whether the endpoint is keeping up */
  released: number;
}

const endpoints = new Map<string, Slots>();
/** recent response time per endpoint (exponential moving average, ms) */
const latency = new Map<string, number>();

/**
 * How long a delivery to a busy endpoint may wait for a slot before moving to the endpoint's queue,
 * as long as the endpoint keeps finishing requests: under load a fast endpoint's slots free up
 * continually, and a queued delivery costs a job of its own. A waiter gives up as soon as the
 * endpoint has finished nothing for STALL_MS (it is not keeping up: its deliveries would hold their
 * jobs, and with them the worker's slots); slow endpoints get no wait at all (isSlow), and the deliveries waiting on an endpoint that
 * turns out slow are let go at once (releaseSlot).
 */
export const SLOT_WAIT_MS = 2_000;
/** an endpoint answering slower than this is slow: its deliveries go to its queue at once */
const SLOW_MS = 500;
/** a busy endpoint that finishes no request for this long is not keeping up */
const STALL_MS = 200;

/** Has this endpoint recently been answering slower than SLOW_MS (in this process)? */
export function isSlow(endpointId: string): boolean {
  return (latency.get(endpointId) ?? 0) > SLOW_MS;
}

/**
 * A slot for one request to the endpoint: at once when one is free, else after waiting up to
 * `maxWaitMs` (giving up early when the endpoint stalls, unless `waitThroughStalls`: a delivery
 * already in its endpoint's queue holds no one else up). False: no slot, move the delivery.
 */
export function acquireSlot(
  endpointId: string,
  maxWaitMs = SLOT_WAIT_MS,
  { limit = env.ENDPOINT_CONCURRENCY, waitThroughStalls = false }: { limit?: number; waitThroughStalls?: boolean } = {},
): Promise<boolean> {
  let slots = endpoints.get(endpointId);
  if (!slots) endpoints.set(endpointId, (slots = { inFlight: 0, waiters: [], released: 0 }));
  if (slots.inFlight < limit) {
    slots.inFlight++;
    return Promise.resolve(true);
  }
  if (maxWaitMs <= 0) return Promise.resolve(false);
  const current = slots;
  const deadline = Date.now() + maxWaitMs;
  return new Promise((resolve) => {
    let seen = current.released;
    let timer: NodeJS.Timeout;
    const waiter: Waiter = {
      grant: (acquired) => {
        clearTimeout(timer);
        resolve(acquired);
      },
      patient: waitThroughStalls,
    };
    const check = () => {
      const left = deadline - Date.now();
      const stalled = current.released === seen && !waitThroughStalls;
      if (stalled || left <= 0) {
        // an endpoint that finished nothing for STALL_MS with every slot taken counts as slow until
        // its answers say otherwise: the next deliveries go to its queue without waiting
        if (stalled) latency.set(endpointId, Math.max(latency.get(endpointId) ?? 0, SLOW_MS + 1));
        current.waiters.splice(current.waiters.indexOf(waiter), 1);
        return resolve(false);
      }
      seen = current.released;
      timer = setTimeout(check, Math.min(STALL_MS, left));
    };
    timer = setTimeout(check, Math.min(STALL_MS, maxWaitMs));
    current.waiters.push(waiter);
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
  slots.released++;
  // deliveries of shared jobs waiting on an endpoint now known to be slow go to its queue instead
  if (isSlow(endpointId) && slots.waiters.some((w) => !w.patient)) {
    const impatient = slots.waiters.filter((w) => !w.patient);
    slots.waiters = slots.waiters.filter((w) => w.patient);
    for (const waiter of impatient) waiter.grant(false);
  }
  const next = slots.waiters.shift();
  if (next) return next.grant(true); // the slot passes straight to the next waiter
  slots.inFlight--;
  if (slots.inFlight <= 0) endpoints.delete(endpointId);
}
