// What a disabled endpoint kept waiting (`paused`): once it is enabled again, a person chooses to
// deliver it all now, oldest first, or to discard it (recorded with who and when).
import type pg from "pg";
import { pool } from "@/lib/db";
import { retryDeadlocks } from "@/lib/db/retry";
import { Conflict } from "@/lib/errors";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { enqueue } from "@/lib/webhooks/engine/resend";
import type { PausedActionInput } from "@/lib/webhooks/engine/schemas";
import { log } from "@/lib/log";

// rows are locked in id order (as the worker's record statement locks them), and a deadlock with a
// concurrent job is tried again: the statement is all or nothing
const DELIVER_SQL = `
WITH locked AS (
  SELECT id FROM deliveries WHERE endpoint_id = $1 AND status = 'paused' ORDER BY id FOR UPDATE
), released AS (
  -- jobs made before now (retries scheduled before the endpoint was disabled) are stale for them
  UPDATE deliveries d SET status = 'pending', next_attempt_at = now(), released_at = now(), updated_at = now()
  FROM locked WHERE d.id = locked.id AND d.status = 'paused'
  RETURNING d.id, d.created_at
)
SELECT ARRAY(SELECT id FROM released ORDER BY created_at, id)::text[] AS ids`;

const DISCARD_SQL = `
WITH locked AS (
  SELECT id FROM deliveries WHERE endpoint_id = $1 AND status = 'paused' ORDER BY id FOR UPDATE
)
UPDATE deliveries d SET status = 'discarded', discarded_at = now(), discarded_by = $2, next_attempt_at = NULL, updated_at = now()
FROM locked WHERE d.id = locked.id AND d.status = 'paused'`;

// deliveries a publish stored paused while its endpoint was being enabled (the publish read the
// endpoint before the enabling committed): released once that publish has committed, so they are
// not left paused behind an enabled endpoint after its paused deliveries were settled
const RELEASE_LATE_SQL = `
WITH locked AS (
  SELECT d.id FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
  WHERE d.id = ANY ($1::uuid[]) AND d.status = 'paused' AND e.enabled ORDER BY d.id FOR UPDATE OF d
), released AS (
  UPDATE deliveries d SET status = 'pending', next_attempt_at = now(), released_at = now(), updated_at = now()
  FROM locked WHERE d.id = locked.id AND d.status = 'paused'
  RETURNING d.id, d.created_at
)
SELECT ARRAY(SELECT id FROM released ORDER BY created_at, id)::text[] AS ids`;

function query<R extends pg.QueryResultRow>(text: string, values: unknown[], name?: string): Promise<pg.QueryResult<R>> {
  return retryDeadlocks(() => pool().query<R>({ name, text, values }));
}

/** `by`: who decided ("user:<id>" or "token:<id>"). */
export async function settlePaused(organizationId: string, endpointId: string | undefined, input: PausedActionInput, by: string) {
  const endpoint = await getEndpoint(organizationId, endpointId);
  if (input.action === "discard") {
    const { rowCount } = await query(DISCARD_SQL, [endpoint.id, by]);
    return { action: input.action, count: rowCount ?? 0 };
  }
  if (!endpoint.enabled) throw new Conflict("enable the webhook before delivering what it kept paused");
  const { rows } = await query<{ ids: string[] }>(DELIVER_SQL, [endpoint.id]);
  const ids = rows[0]!.ids;
  await enqueue(ids, "auto");
  return { action: input.action, count: ids.length };
}

/**
 * After a publish or a job stored `ids` paused: those whose endpoint is enabled by now go out (see
 * RELEASE_LATE_SQL). Best effort: if it fails they stay paused, visible, to deliver by hand.
 */
export async function releaseIfEnabled(ids: string[]): Promise<void> {
  if (!ids.length) return;
  try {
    // after every publish that stored one: prepared once per connection
    const { rows } = await query<{ ids: string[] }>(RELEASE_LATE_SQL, [ids], "release-late");
    await enqueue(rows[0]!.ids, "auto");
  } catch (error) {
    log().warn({ deliveries: ids.length, err: error }, "paused deliveries stay paused (to deliver by hand)");
  }
}
