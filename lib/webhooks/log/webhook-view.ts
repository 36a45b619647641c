// A webhook as the API and the dashboard show it: its settings, what waits paused, and its health
// in words — not only the current failure streak, but the success rate and the deliveries failed for
// good over the last 24 hours. Two queries for any number of webhooks.
import { readPool } from "@/lib/db";
import { serializeEndpoint, type EndpointJson, type EndpointRow } from "@/lib/webhooks/endpoints/serialize";

/**
 * healthy  — enabled, and nothing below;
 * unstable — success rate under UNSTABLE_BELOW, or deliveries failed for good, in the last 24 h;
 * failing  — its latest attempts keep failing (the streak that leads to auto-disable);
 * disabled — by hand or automatically;
 * idle     — enabled, no attempt in the last 24 h.
 */
export type HealthState = "healthy" | "unstable" | "failing" | "disabled" | "idle";
export const UNSTABLE_BELOW = 0.95;

export interface HealthSummary {
  state: HealthState;
  success_rate_24h: number | null;
  attempts_24h: number;
  failed_deliveries_24h: number;
}

export type WebhookJson = EndpointJson & { paused_deliveries: number; health: HealthSummary };

interface Figures {
  attempts: number;
  succeeded: number;
  failed: number;
  paused: number;
}

export function healthState(endpoint: Pick<EndpointRow, "enabled" | "consecutiveFailures">, f: Omit<Figures, "paused">): HealthSummary {
  const rate = f.attempts ? Math.round((10_000 * f.succeeded) / f.attempts) / 10_000 : null;
  let state: HealthState = "healthy";
  if (!endpoint.enabled) state = "disabled";
  else if (endpoint.consecutiveFailures > 0) state = "failing";
  else if ((rate !== null && rate < UNSTABLE_BELOW) || f.failed > 0) state = "unstable";
  else if (!f.attempts) state = "idle";
  return { state, success_rate_24h: rate, attempts_24h: f.attempts, failed_deliveries_24h: f.failed };
}

const ATTEMPTS_SQL = `
SELECT endpoint_id, count(*)::int AS attempts, count(*) FILTER (WHERE response_status BETWEEN 200 AND 299)::int AS succeeded
FROM attempts WHERE endpoint_id = ANY ($1::uuid[]) AND started_at >= now() - interval '24 hours'
  AND trigger <> 'test' AND error_kind IS DISTINCT FROM 'interrupted'
GROUP BY endpoint_id`;

const DELIVERIES_SQL = `
SELECT endpoint_id, count(*) FILTER (WHERE status = 'paused')::int AS paused,
  count(*) FILTER (WHERE status = 'failed' AND updated_at >= now() - interval '24 hours')::int AS failed
FROM deliveries WHERE endpoint_id = ANY ($1::uuid[]) AND status IN ('paused', 'failed')
GROUP BY endpoint_id`;

async function figures(endpointIds: string[]): Promise<Map<string, Figures>> {
  const [attempts, deliveries] = await Promise.all([
    readPool().query<{ endpoint_id: string; attempts: number; succeeded: number }>(ATTEMPTS_SQL, [endpointIds]),
    readPool().query<{ endpoint_id: string; paused: number; failed: number }>(DELIVERIES_SQL, [endpointIds]),
  ]);
  return new Map(
    endpointIds.map((id) => {
      const a = attempts.rows.find((r) => r.endpoint_id === id);
      const d = deliveries.rows.find((r) => r.endpoint_id === id);
      return [id, { attempts: a?.attempts ?? 0, succeeded: a?.succeeded ?? 0, failed: d?.failed ?? 0, paused: d?.paused ?? 0 }];
    }),
  );
}

export async function webhookViews(endpoints: EndpointRow[], opts: { revealHeaders?: boolean } = {}): Promise<WebhookJson[]> {
  const byId = await figures(endpoints.map((e) => e.id));
  return endpoints.map((e) => {
    const f = byId.get(e.id)!;
    return { ...serializeEndpoint(e, opts), paused_deliveries: f.paused, health: healthState(e, f) };
  });
}

export async function webhookView(endpoint: EndpointRow, opts: { revealHeaders?: boolean } = {}): Promise<WebhookJson> {
  return (await webhookViews([endpoint], opts))[0]!;
}
