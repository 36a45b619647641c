// What a disabled endpoint kept waiting (`paused`): once it is enabled again, a person chooses to
// deliver it all now, oldest first, or to discard it (recorded with who and when).
import { pool } from "@/lib/db";
import { Conflict } from "@/lib/errors";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { enqueue } from "@/lib/webhooks/engine/resend";
import type { PausedActionInput } from "@/lib/webhooks/engine/schemas";

const DELIVER_SQL = `
WITH released AS (
  UPDATE deliveries SET status = 'pending', next_attempt_at = now(), updated_at = now()
  WHERE endpoint_id = $1 AND status = 'paused'
  RETURNING id, created_at
)
SELECT ARRAY(SELECT id FROM released ORDER BY created_at, id)::text[] AS ids`;

const DISCARD_SQL = `
UPDATE deliveries SET status = 'discarded', discarded_at = now(), discarded_by = $2, next_attempt_at = NULL, updated_at = now()
WHERE endpoint_id = $1 AND status = 'paused'`;

/** `by`: who decided ("user:<id>" or "token:<id>"). */
export async function settlePaused(organizationId: string, endpointId: string | undefined, input: PausedActionInput, by: string) {
  const endpoint = await getEndpoint(organizationId, endpointId);
  if (input.action === "discard") {
    const { rowCount } = await pool().query(DISCARD_SQL, [endpoint.id, by]);
    return { action: input.action, count: rowCount ?? 0 };
  }
  if (!endpoint.enabled) throw new Conflict("enable the webhook before delivering what it kept paused");
  const { rows } = await pool().query<{ ids: string[] }>(DELIVER_SQL, [endpoint.id]);
  const ids = rows[0]!.ids;
  await enqueue(ids, "auto");
  return { action: input.action, count: ids.length };
}
