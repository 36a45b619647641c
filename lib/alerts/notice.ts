// What the recording of a job tells alerts (lib/webhooks/engine/record.ts returns it): endpoints whose
// failure streak changed, and deliveries that ran out of automatic attempts. Each alert is claimed
// once — a disable or a recovery is returned only to the statement that made it, a threshold is
// claimed by raising `endpoints.alert_level` — so two workers never announce the same thing. An alert
// that cannot be made is logged and never fails the job that recorded it.
import "server-only";
import type pg from "pg";
import { env } from "@/lib/env";
import { alertDisabled, alertFailing, alertRecovered, endpointContext } from "@/lib/alerts/notify";
import { noticeExhausted } from "@/lib/alerts/exhausted";
import { log } from "@/lib/log";

export interface StreakChange {
  id: string;
  disabled_now: boolean;
  recovered: boolean;
  enabled: boolean;
  consecutive_failures: number;
  failing_since: string | null;
  alert_level: number;
}

export interface ExhaustedDelivery {
  id: string;
  endpoint_id: string;
}

/** The highest threshold the streak reached: the larger of its share of the count and of the days. */
export function thresholdReached(
  streak: Pick<StreakChange, "consecutive_failures" | "failing_since">,
  now = Date.now(),
  limits = { failures: env.AUTO_DISABLE_AFTER_FAILURES, days: env.AUTO_DISABLE_AFTER_DAYS, thresholds: env.ALERT_THRESHOLDS },
): number {
  const byCount = limits.failures > 0 ? streak.consecutive_failures / limits.failures : 0;
  const since = streak.failing_since ? Date.parse(streak.failing_since) : now;
  const byTime = (now - since) / (limits.days * 86_400_000);
  const share = Math.max(byCount, byTime) * 100;
  return limits.thresholds.filter((t) => share >= t).at(-1) ?? 0;
}

const CLAIM_LEVEL_SQL = `UPDATE endpoints SET alert_level = $2 WHERE id = $1 AND enabled AND alert_level < $2 AND consecutive_failures > 0 RETURNING id`;

async function noticeStreak(db: pg.Pool | pg.PoolClient, change: StreakChange): Promise<void> {
  if (change.disabled_now) {
    const e = await endpointContext(db, change.id);
    if (e) await alertDisabled(db, e);
  } else if (change.recovered) {
    const e = await endpointContext(db, change.id);
    if (e) await alertRecovered(db, e);
  } else if (change.enabled) {
    const level = thresholdReached(change);
    if (level <= change.alert_level) return;
    const claimed = await db.query(CLAIM_LEVEL_SQL, [change.id, level]);
    if (!claimed.rowCount) return;
    const e = await endpointContext(db, change.id);
    if (e) await alertFailing(db, e, level);
  }
}

/** Alerts for what a recording changed; never throws. */
export async function noticeChanges(db: pg.Pool | pg.PoolClient, streaks: StreakChange[], exhausted: ExhaustedDelivery[]): Promise<void> {
  for (const change of streaks) {
    await noticeStreak(db, change).catch((error: Error) =>
      log().error({ endpoint_id: change.id, err: error }, "could not alert about an endpoint"),
    );
  }
  if (exhausted.length) {
    await noticeExhausted(db, exhausted).catch((error: Error) =>
      log().error({ deliveries: exhausted.length, err: error }, "could not alert about exhausted deliveries"),
    );
  }
}
