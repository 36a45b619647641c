// Keeps the log bounded: events (with their deliveries and attempts), attempts and the operator's
// audit trail (operator_actions) older than RETENTION_DAYS are removed in small batches so no statement holds locks for long.
import type pg from "pg";
import { env } from "@/lib/env";

const BATCH = 5_000;

async function deleteInBatches(db: pg.Pool, sql: string, days: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await db.query(sql, [days, BATCH]);
    total += rowCount ?? 0;
    if (!rowCount || rowCount < BATCH) return total;
  }
}

// Both statements walk indexes the log needs anyway (attempts by endpoint and time, events by
// organization and time) instead of keeping time-only indexes that every insert would pay for.
const OLD_ATTEMPTS_SQL = `
DELETE FROM attempts WHERE id IN (
  SELECT a.id FROM endpoints e CROSS JOIN LATERAL (
    SELECT id FROM attempts WHERE endpoint_id = e.id AND started_at < now() - make_interval(days => $1) LIMIT $2
  ) a LIMIT $2)`;

// an event goes once none of its deliveries is still waiting for an attempt; its deliveries go
// with it (foreign key), their attempts here (attempts carry no foreign key: see migration
// 20261124000300_attempts_delivery_fk)
const OLD_EVENTS_SQL = `
WITH old AS (
  SELECT ev.id FROM organizations o CROSS JOIN LATERAL (
    SELECT id FROM events ev WHERE ev.organization_id = o.id AND ev.created_at < now() - make_interval(days => $1)
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = ev.id AND d.status IN ('pending', 'retrying'))
    LIMIT $2
  ) ev LIMIT $2
), their_attempts AS (
  DELETE FROM attempts a USING deliveries d WHERE d.event_id IN (SELECT id FROM old) AND a.delivery_id = d.id
)
DELETE FROM events WHERE id IN (SELECT id FROM old)`;

const OLD_OPERATOR_ACTIONS_SQL = `
DELETE FROM operator_actions WHERE id IN (
  SELECT id FROM operator_actions WHERE created_at < now() - make_interval(days => $1) LIMIT $2)`;

export async function applyRetention(
  db: pg.Pool,
  days = env.RETENTION_DAYS,
): Promise<{ attempts: number; events: number; operatorActions: number }> {
  const attempts = await deleteInBatches(db, OLD_ATTEMPTS_SQL, days);
  const events = await deleteInBatches(db, OLD_EVENTS_SQL, days);
  const operatorActions = await deleteInBatches(db, OLD_OPERATOR_ACTIONS_SQL, days);
  return { attempts, events, operatorActions };
}
