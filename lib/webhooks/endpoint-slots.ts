// At most K requests in flight per endpoint in this process, so one slow receiver cannot take
// every worker slot. Non-blocking: a delivery that finds no free slot is deferred, not awaited.
import { env } from "@/lib/env";

const inFlight = new Map<string, number>();

export function tryAcquireSlot(endpointId: string, limit = env.ENDPOINT_CONCURRENCY): boolean {
  const current = inFlight.get(endpointId) ?? 0;
  if (current >= limit) return false;
  inFlight.set(endpointId, current + 1);
  return true;
}

export function releaseSlot(endpointId: string): void {
  const current = inFlight.get(endpointId) ?? 0;
  if (current <= 1) inFlight.delete(endpointId);
  else inFlight.set(endpointId, current - 1);
}
