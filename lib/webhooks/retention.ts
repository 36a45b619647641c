// Keeps the log bounded: events (with their deliveries and attempts) and attempts older than
// RETENTION_DAYS are removed in small batches so no statement holds locks for long.
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

export async function applyRetention(db: pg.Pool, days = env.RETENTION_DAYS): Promise<{ attempts: number; events: number }> {
  const attempts = await deleteInBatches(
    db,
    `DELETE FROM attempts WHERE id IN (SELECT id FROM attempts WHERE started_at < now() - make_interval(days => $1) LIMIT $2)`,
    days,
  );
  // an event goes once none of its deliveries is still waiting for an attempt
  const events = await deleteInBatches(
    db,
    `DELETE FROM events WHERE id IN (
       SELECT ev.id FROM events ev WHERE ev.created_at < now() - make_interval(days => $1)
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = ev.id AND d.status IN ('pending', 'retrying'))
       LIMIT $2)`,
    days,
  );
  return { attempts, events };
}
