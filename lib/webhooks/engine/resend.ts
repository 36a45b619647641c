// Manual resend (one delivery, or an event to all its endpoints) and bulk recover of failures.
import { pool } from "@/lib/db";
import { Conflict, NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { attempt, loadDeliveries, outcome } from "@/lib/webhooks/engine/dispatch";
import { recordOutcomes, type AttemptRecord } from "@/lib/webhooks/engine/record";
import { getEndpoint } from "@/lib/webhooks/endpoints/store";
import type { RecoverInput } from "@/lib/webhooks/engine/schemas";

/** Attempts these deliveries now (trigger manual), in this process, and records the results. */
async function resendNow(ids: string[]): Promise<AttemptRecord[]> {
  const rows = (await loadDeliveries(pool(), ids)).filter((r) => !r.deleted);
  const records = await Promise.all(
    rows.map(async (row) => {
      const { startedAt, result } = await attempt(row);
      return outcome(row, "manual", startedAt, result);
    }),
  );
  await recordOutcomes(pool(), records);
  return records;
}

async function deliveryIn(organizationId: string, id: string | undefined): Promise<{ id: string; endpoint_deleted: boolean }> {
  if (!isUuid(id)) throw new NotFound("delivery not found");
  const { rows } = await pool().query<{ id: string; endpoint_deleted: boolean }>(
    `SELECT d.id, e.deleted_at IS NOT NULL AS endpoint_deleted FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
     WHERE d.id = $1 AND d.organization_id = $2`,
    [id, organizationId],
  );
  if (!rows[0]) throw new NotFound("delivery not found");
  return rows[0];
}

/** "Reenviar": a new attempt of this delivery now, with the same webhook-id. */
export async function resendDelivery(organizationId: string, id: string | undefined) {
  const delivery = await deliveryIn(organizationId, id);
  if (delivery.endpoint_deleted) throw new Conflict("the webhook of this delivery was deleted");
  const [record] = await resendNow([delivery.id]);
  return record!;
}

/** "Reenviar este evento": a new attempt of every delivery of the event whose webhook still exists. */
export async function resendEvent(organizationId: string, eventId: string | undefined) {
  if (!isUuid(eventId)) throw new NotFound("event not found");
  const { rows } = await pool().query<{ id: string }>(
    `SELECT d.id FROM events ev JOIN deliveries d ON d.event_id = ev.id JOIN endpoints e ON e.id = d.endpoint_id
     WHERE ev.id = $1 AND ev.organization_id = $2 AND e.deleted_at IS NULL`,
    [eventId, organizationId],
  );
  const exists =
    rows.length || (await pool().query(`SELECT 1 FROM events WHERE id = $1 AND organization_id = $2`, [eventId, organizationId])).rowCount;
  if (!exists) throw new NotFound("event not found");
  return resendNow(rows.map((r) => r.id));
}

const RECOVER_SQL = `
WITH picked AS (
  UPDATE deliveries SET status = 'pending', next_attempt_at = now(), updated_at = now()
  WHERE endpoint_id = $1 AND status = 'failed' AND created_at >= $2 AND created_at < $3
  RETURNING id
), batches AS (
  SELECT json_agg(id) AS ids FROM (SELECT id, (row_number() OVER ()) / 50 AS batch FROM picked) b GROUP BY batch
), jobs AS (
  SELECT count(*) FROM graphile_worker.add_jobs(ARRAY(
    SELECT ROW('deliver', json_build_object('d', ids, 't', 'recover'), NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec FROM batches))
)
SELECT (SELECT count(*) FROM picked)::int AS count, (SELECT * FROM jobs) AS jobs`;

/**
 * "Recuperar falhas": every failed delivery of the endpoint created in [since, until) gets one
 * more attempt (trigger recover). Pressing twice queues nothing new: they are no longer failed.
 */
export async function recoverFailed(organizationId: string, endpointId: string | undefined, input: RecoverInput) {
  const endpoint = await getEndpoint(organizationId, endpointId);
  if (!endpoint.enabled) throw new Conflict("enable the webhook before recovering its failed deliveries");
  const until = input.until ?? new Date();
  const { rows } = await pool().query<{ count: number }>(RECOVER_SQL, [endpoint.id, input.since, until]);
  return { count: rows[0]?.count ?? 0, since: input.since.toISOString(), until: until.toISOString() };
}
