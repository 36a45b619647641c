// Disabling an endpoint (by hand or automatically) never drops what it had waiting: its pending and
// retrying deliveries become `paused` and wait, visible, until someone delivers or discards them.
import type pg from "pg";

export async function pauseEndpointDeliveries(db: pg.Pool | pg.PoolClient, endpointIds: string[]): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE deliveries SET status = 'paused', next_attempt_at = NULL, updated_at = now()
     WHERE endpoint_id = ANY ($1::uuid[]) AND status IN ('pending', 'retrying')`,
    [endpointIds],
  );
  return rowCount ?? 0;
}
