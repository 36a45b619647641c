// Deliveries that ran out of automatic attempts. Each one is an operational event
// (`delivery.exhausted`) for the endpoints that subscribe; people get one digest per endpoint an hour
// at most, not one message per delivery: the first failure schedules an `alert-exhausted` job (keyed
// by endpoint, so more failures join it) that counts what failed since the previous digest. The job
// runs in its endpoint's own queue: a failure that arrives while a digest is being sent schedules a
// new job (the running one cannot take it), which must wait for that digest to be stored to see it.
import "server-only";
import type pg from "pg";
import { appLink } from "@/lib/auth/links";
import { env } from "@/lib/env";
import type { ExhaustedDelivery } from "@/lib/alerts/notice";
import { aboutEndpoint, endpointContext, endpointLabel, publishOperational, sendAlert } from "@/lib/alerts/notify";
import { errorInWords } from "@/lib/alerts/words";
import { messageId } from "@/lib/webhooks/outbound/envelope";

interface ExhaustedRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempt_count: number;
  operational: boolean;
}

const EXHAUSTED_SQL = `
SELECT d.id, d.endpoint_id, d.event_id, d.event_type, d.attempt_count, ev.about_endpoint_id IS NOT NULL AS operational
FROM deliveries d JOIN events ev ON ev.id = d.event_id
WHERE d.id = ANY ($1::uuid[])`;

const LAST_DIGEST_SQL = `SELECT max(created_at) AS at FROM messages WHERE subject_key = $1`;

const SCHEDULE_SQL = `
SELECT graphile_worker.add_job('alert-exhausted', json_build_object('endpoint_id', $1::text),
  job_key => 'alert-exhausted:' || $1, job_key_mode => 'preserve_run_at', max_attempts => 5,
  queue_name => 'alert-exhausted:' || $1,
  run_at => greatest(now(), coalesce((SELECT max(created_at) FROM messages WHERE subject_key = 'delivery_exhausted:' || $1), '-infinity') + interval '1 hour'))`;

export async function noticeExhausted(db: pg.Pool | pg.PoolClient, exhausted: ExhaustedDelivery[]): Promise<void> {
  const { rows } = await db.query<ExhaustedRow>(EXHAUSTED_SQL, [exhausted.map((d) => d.id)]);
  const endpoints = new Set<string>();
  for (const row of rows) {
    // an operational event that failed for good is not announced again (no alert about alerts)
    if (row.operational) continue;
    endpoints.add(row.endpoint_id);
    const e = await endpointContext(db, row.endpoint_id);
    if (!e) continue;
    await publishOperational("delivery.exhausted", e, {
      ...aboutEndpoint(e),
      delivery: {
        id: row.id,
        webhook_id: messageId(row.id),
        event_id: row.event_id,
        event_type: row.event_type,
        attempts: row.attempt_count,
      },
    });
  }
  for (const endpointId of endpoints) await db.query(SCHEDULE_SQL, [endpointId]);
}

const FAILED_SINCE_SQL = `
SELECT count(*)::int AS count,
  ARRAY(SELECT d2.event_type || ' ' || d2.event_id FROM deliveries d2
        WHERE d2.endpoint_id = $1 AND d2.status = 'failed' AND d2.updated_at > $2 ORDER BY d2.updated_at DESC LIMIT 3) AS examples
FROM deliveries d WHERE d.endpoint_id = $1 AND d.status = 'failed' AND d.updated_at > $2`;

/** The `alert-exhausted` task: one digest of what failed for good since the previous one. */
export async function sendExhaustedDigest(db: pg.Pool, endpointId: string): Promise<void> {
  const subjectKey = `delivery_exhausted:${endpointId}`;
  const last = (await db.query<{ at: Date | null }>(LAST_DIGEST_SQL, [subjectKey])).rows[0]?.at ?? null;
  if (last && last.getTime() > Date.now() - 3_600_000) {
    await db.query(SCHEDULE_SQL, [endpointId]); // too soon: the next digest, an hour after this one
    return;
  }
  const since = last ?? new Date(Date.now() - 86_400_000);
  const { rows } = await db.query<{ count: number; examples: string[] }>(FAILED_SINCE_SQL, [endpointId, since]);
  const { count = 0, examples = [] } = rows[0] ?? {};
  if (!count) return;
  const e = await endpointContext(db, endpointId);
  if (!e) return;
  await sendAlert(db, "delivery_exhausted", e, subjectKey, (locale) => ({
    endpoint: endpointLabel(e),
    organization: e.organization,
    count,
    examples,
    lastError: errorInWords(e, locale, env.WEBHOOK_TIMEOUT_MS),
    link: appLink(`/account/webhooks/${e.id}/deliveries?status=failed`),
  }));
}
