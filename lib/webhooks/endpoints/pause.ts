// Disabling an endpoint (by hand or automatically) never drops what it had waiting: its pending and
// retrying deliveries become `paused` and wait, visible, until someone delivers or discards them.
// Only while the endpoint is still disabled: its row is locked (FOR SHARE) so that a concurrent
// "enable and deliver what was paused" either waits for this statement or makes it pause nothing —
// never leaves pending deliveries paused behind an enabled endpoint.
import type pg from "pg";
import { retryDeadlocks } from "@/lib/db/retry";

export async function pauseEndpointDeliveries(db: pg.Pool | pg.PoolClient, endpointIds: string[]): Promise<number> {
  // locked in id order, and run again if chosen to break a deadlock with a job recording the same deliveries
  const { rowCount } = await retryDeadlocks(() =>
    db.query(
      `WITH disabled AS (
         SELECT id FROM endpoints WHERE id = ANY ($1::uuid[]) AND NOT enabled FOR SHARE
       ), locked AS (
         SELECT id FROM deliveries WHERE endpoint_id IN (SELECT id FROM disabled) AND status IN ('pending', 'retrying') ORDER BY id FOR UPDATE
       )
       UPDATE deliveries d SET status = 'paused', next_attempt_at = NULL, updated_at = now()
       FROM locked WHERE d.id = locked.id AND d.status IN ('pending', 'retrying')`,
      [endpointIds],
    ),
  );
  return rowCount ?? 0;
}
