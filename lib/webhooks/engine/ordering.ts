// Per-invoice ordering (an endpoint with `ordering: "per_invoice"`): the deliveries of one access key
// to that endpoint are attempted strictly in sequence order. A delivery whose earlier one is still
// open (pending, retrying, paused or itself waiting) waits, `waiting`, and is released when that one
// has succeeded or failed for good. Other invoices never wait for it.
//
// A delivery carries `ordering_key` (its access key) only when its endpoint ordered per invoice when
// it was published; the order is then checked on deliveries alone, through a partial index of the
// open ones. Who releases a waiting delivery:
//   - the statement that records its predecessor's end (lib/webhooks/engine/record.ts, RECORD_SQL);
//   - the job that holds both sends them one after the other (lib/webhooks/engine/dispatch.ts);
//   - this sweep, every few seconds in every worker, for what the two could not see: a predecessor
//     that ended while its successor was being put to wait, discarded or cancelled by hand, or an
//     endpoint whose ordering was switched off.
// The order itself never depends on the sweep: nothing is released while an earlier one is open.
import type pg from "pg";
import { repeatEvery } from "@/lib/runtime/repeat";

/** The statuses a later delivery of the same invoice waits for. */
export const OPEN_STATUSES_SQL = `('pending', 'retrying', 'paused', 'waiting')`;

/** An earlier open delivery of `w`'s invoice to the same endpoint (the partial index deliveries_open_invoice_idx). */
export function earlierOpenSql(w: string): string {
  return `SELECT 1 FROM deliveries p WHERE p.endpoint_id = ${w}.endpoint_id AND p.ordering_key = ${w}.ordering_key
    AND p.sequence < ${w}.sequence AND p.ordering_key IS NOT NULL AND p.status IN ${OPEN_STATUSES_SQL}`;
}

/** Jobs for the deliveries of `cte` (a CTE with `id`), 100 to a job; none (and no NOTIFY) when empty. */
export function jobsForSql(cte: string): string {
  return `SELECT (SELECT count(*) FROM graphile_worker.add_jobs(ARRAY(
    SELECT ROW('deliver', json_build_object('deliveries', json_agg(c.id)), NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec
    FROM (SELECT id, (row_number() OVER () - 1) / 100 AS chunk FROM ${cte}) c GROUP BY c.chunk
  ))) WHERE EXISTS (SELECT 1 FROM ${cte})`;
}

const SWEEP_SQL = `
WITH ready AS (
  SELECT w.id FROM deliveries w JOIN endpoints e ON e.id = w.endpoint_id
  WHERE w.status = 'waiting' AND (e.ordering <> 'per_invoice' OR NOT EXISTS (${earlierOpenSql("w")}))
  ORDER BY w.id LIMIT $1 FOR UPDATE OF w SKIP LOCKED
), released AS (
  UPDATE deliveries d SET status = 'pending', next_attempt_at = now(), updated_at = now()
  FROM ready WHERE d.id = ready.id AND d.status = 'waiting'
  RETURNING d.id
)
SELECT (SELECT count(*)::int FROM released) AS released, (${jobsForSql("released")}) AS jobs`;

/** Releases waiting deliveries nothing holds any more (at most `limit`); answers how many. */
export async function releaseWaiting(db: pg.Pool | pg.PoolClient, limit = 1000): Promise<number> {
  const { rows } = await db.query<{ released: number }>({ name: "release-waiting", text: SWEEP_SQL, values: [limit] });
  return rows[0]?.released ?? 0;
}

/** Runs the sweep every `everyMs` (a failed sweep is tried again at the next tick); answers how to stop it. */
export function startWaitingSweep(db: pg.Pool, everyMs: number): () => Promise<void> {
  return repeatEvery(everyMs, () => releaseWaiting(db), "releasing waiting deliveries failed");
}
