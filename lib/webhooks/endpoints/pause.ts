// Disabling an endpoint (by hand or automatically) never drops what it had waiting: its pending and
// retrying deliveries become `paused` and wait, visible, until someone delivers or discards them.
// Only while the endpoint is still disabled: its row is locked (FOR SHARE) so that a concurrent
// "enable and deliver what was paused" either waits for this statement or makes it pause nothing —
// never leaves pending deliveries paused behind an enabled endpoint.
import type pg from "pg";
import { retryDeadlocks } from "@/lib/db/retry";

/**
 * `settled`: deliveries whose outcome the caller has just recorded (its own job's), which are no
 * longer in flight although their job is still locked.
 */
export async function pauseEndpointDeliveries(db: pg.Pool | pg.PoolClient, endpointIds: string[], settled: string[] = []): Promise<number> {
  // locked in id order, and run again if chosen to break a deadlock with a job recording the same deliveries
  const { rowCount } = await retryDeadlocks(() =>
    db.query(
      `WITH disabled AS (
         SELECT id FROM endpoints WHERE id = ANY ($1::uuid[]) AND NOT enabled FOR SHARE
       ), in_flight AS (
         -- a delivery a running job may be sending right now is left to that job: paused under it,
         -- "deliver what was paused" could send it a second time while the first request is answered;
         -- the job records it, and its retry (if any) finds the endpoint disabled and pauses it then
         SELECT value::uuid AS id FROM graphile_worker._private_jobs j, json_array_elements_text(j.payload->'deliveries')
         WHERE j.locked_at IS NOT NULL AND json_typeof(j.payload->'deliveries') = 'array'
       ), locked AS (
         SELECT id FROM deliveries WHERE endpoint_id IN (SELECT id FROM disabled) AND status IN ('pending', 'retrying')
           AND (id = ANY ($2::uuid[]) OR id NOT IN (SELECT id FROM in_flight))
         ORDER BY id FOR UPDATE
       )
       UPDATE deliveries d SET status = 'paused', next_attempt_at = NULL, updated_at = now()
       FROM locked WHERE d.id = locked.id AND d.status IN ('pending', 'retrying')`,
      [endpointIds, settled],
    ),
  );
  return rowCount ?? 0;
}
