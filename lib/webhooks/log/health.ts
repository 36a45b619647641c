// Per-endpoint health: success rate and latency over 24 h and 7 days, attempts over time by
// outcome, the last failure, the failure streak and when auto-disable would happen. Reads attempts
// by (endpoint, time).
import { readPool } from "@/lib/db";
import { env } from "@/lib/env";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { webhookView } from "@/lib/webhooks/log/webhook-view";

interface WindowRow {
  attempts: number;
  succeeded: number;
  p50: number | null;
  p95: number | null;
}

const WINDOW_SQL = `
SELECT count(*)::int AS attempts,
  count(*) FILTER (WHERE response_status BETWEEN 200 AND 299)::int AS succeeded,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
FROM attempts WHERE endpoint_id = $1 AND started_at >= now() - make_interval(hours => $2) AND trigger <> 'test'`;

const SERIES_SQL = `
SELECT date_trunc('hour', started_at) AS bucket,
  count(*) FILTER (WHERE response_status BETWEEN 200 AND 299)::int AS succeeded,
  count(*) FILTER (WHERE response_status IS NULL OR response_status NOT BETWEEN 200 AND 299)::int AS failed
FROM attempts WHERE endpoint_id = $1 AND started_at >= date_trunc('hour', now()) - interval '23 hours' AND trigger <> 'test'
GROUP BY 1 ORDER BY 1`;

// the same 7 days the window above reads: a long healthy history is not scanned for an old failure
const LAST_FAILURE_SQL = `
SELECT a.started_at, a.response_status, a.error_kind, a.error_message, a.delivery_id, a.number, d.event_type
FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
WHERE a.endpoint_id = $1 AND a.started_at >= now() - interval '7 days' AND a.trigger <> 'test'
  AND a.error_kind IS DISTINCT FROM 'interrupted' AND (a.response_status IS NULL OR a.response_status NOT BETWEEN 200 AND 299)
ORDER BY a.started_at DESC LIMIT 1`;

interface FailureRow {
  started_at: Date;
  response_status: number | null;
  error_kind: string | null;
  error_message: string | null;
  delivery_id: string;
  number: number;
  event_type: string;
}

function lastFailure(row: FailureRow | undefined) {
  if (!row) return null;
  return {
    at: row.started_at.toISOString(),
    status_code: row.response_status,
    error_kind: row.error_kind,
    error_message: row.error_message,
    delivery_id: row.delivery_id,
    attempt_number: row.number,
    event_type: row.event_type,
  };
}

function window(row: WindowRow | undefined) {
  const attempts = row?.attempts ?? 0;
  return {
    attempts,
    succeeded: row?.succeeded ?? 0,
    success_rate: attempts ? Math.round(10_000 * (row!.succeeded / attempts)) / 10_000 : null,
    p50_ms: row?.p50 === null || row?.p50 === undefined ? null : Math.round(row.p50),
    p95_ms: row?.p95 === null || row?.p95 === undefined ? null : Math.round(row.p95),
  };
}

export async function endpointHealth(organizationId: string, endpointId: string | undefined) {
  const endpoint = await getEndpoint(organizationId, endpointId);
  const [view, day, week, series, failure] = await Promise.all([
    webhookView(endpoint),
    readPool().query<WindowRow>(WINDOW_SQL, [endpoint.id, 24]),
    readPool().query<WindowRow>(WINDOW_SQL, [endpoint.id, 24 * 7]),
    readPool().query<{ bucket: Date; succeeded: number; failed: number }>(SERIES_SQL, [endpoint.id]),
    readPool().query<FailureRow>(LAST_FAILURE_SQL, [endpoint.id]),
  ]);
  const disableAt = endpoint.failingSince ? new Date(endpoint.failingSince.getTime() + env.AUTO_DISABLE_AFTER_DAYS * 86_400_000) : null;
  return {
    state: view.health.state,
    failed_deliveries_24h: view.health.failed_deliveries_24h,
    paused_deliveries: view.paused_deliveries,
    last_24h: window(day.rows[0]),
    last_7d: window(week.rows[0]),
    hourly: series.rows.map((r) => ({ hour: r.bucket.toISOString(), succeeded: r.succeeded, failed: r.failed })),
    /** the most recent failed attempt of the last 7 days (test requests aside), or null */
    last_failure: lastFailure(failure.rows[0]),
    consecutive_failures: endpoint.consecutiveFailures,
    failing_since: endpoint.failingSince?.toISOString() ?? null,
    auto_disable: {
      after_days: env.AUTO_DISABLE_AFTER_DAYS,
      after_failures: env.AUTO_DISABLE_AFTER_FAILURES,
      at: endpoint.enabled ? (disableAt?.toISOString() ?? null) : null,
      failures_left:
        endpoint.enabled && env.AUTO_DISABLE_AFTER_FAILURES > 0
          ? Math.max(0, env.AUTO_DISABLE_AFTER_FAILURES - endpoint.consecutiveFailures)
          : null,
    },
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
    disabled_at: endpoint.disabledAt?.toISOString() ?? null,
  };
}

/** Counts of the endpoint's deliveries by status in a creation window (progress of a recover). */
export async function deliverySummary(organizationId: string, endpointId: string | undefined, from: Date, to: Date) {
  const endpoint = await getEndpoint(organizationId, endpointId);
  const { rows } = await readPool().query<{ status: string; count: number }>(
    `SELECT status, count(*)::int AS count FROM deliveries WHERE endpoint_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY status`,
    [endpoint.id, from, to],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.count]));
}
