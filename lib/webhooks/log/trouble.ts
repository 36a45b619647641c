// Endpoints in trouble, for the banner at the top of the account screen (a webhook's page has its summary):
// disabled ones, and those whose failure streak is growing, each with its last error.
import "server-only";
import { pool } from "@/lib/db";

export interface EndpointTrouble {
  id: string;
  url: string;
  description: string;
  enabled: boolean;
  since: Date | null;
  response_status: number | null;
  error_kind: string | null;
  paused: number;
}

const TROUBLE_SQL = `
SELECT e.id, e.url, e.description, e.enabled, coalesce(CASE WHEN e.enabled THEN e.failing_since ELSE e.disabled_at END, e.failing_since) AS since,
  a.response_status, a.error_kind,
  (SELECT count(*)::int FROM deliveries d WHERE d.endpoint_id = e.id AND d.status = 'paused') AS paused
FROM endpoints e
LEFT JOIN LATERAL (
  SELECT response_status, error_kind FROM attempts WHERE endpoint_id = e.id AND trigger <> 'test' ORDER BY started_at DESC LIMIT 1
) a ON true
WHERE e.organization_id = $1 AND e.deleted_at IS NULL
  AND ((NOT e.enabled AND e.disabled_reason IN ('failing', 'gone')) OR (e.enabled AND e.failing_since IS NOT NULL AND e.consecutive_failures >= 3))
ORDER BY e.enabled, e.created_at`;

/** The organization's endpoints in trouble. */
export async function endpointsInTrouble(organizationId: string): Promise<EndpointTrouble[]> {
  return (await pool().query<EndpointTrouble>(TROUBLE_SQL, [organizationId])).rows;
}
