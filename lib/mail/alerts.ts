// Alerts to the people who can act: when the worker disables an endpoint, its organization's owners
// and admins get an e-mail (through the outbox) naming the endpoint, how long it failed, the last
// error in plain words, and a link — at most one per endpoint an hour. An alert that cannot be made
// is logged and never fails the job that disabled the endpoint.
import "server-only";
import type pg from "pg";
import { appLink } from "@/lib/auth/links";
import type { Locale } from "@/lib/i18n/config";
import { queueMessage } from "@/lib/mail/outbox";

interface DisabledRow {
  id: string;
  url: string;
  description: string;
  organization_id: string;
  organization: string;
  failing_since: Date | null;
  disabled_at: Date | null;
  response_status: number | null;
  error_kind: string | null;
  error_message: string | null;
  paused: number;
  recipients: string[];
}

const DISABLED_SQL = `
SELECT e.id, e.url, e.description, e.organization_id, o.name AS organization, e.failing_since, e.disabled_at,
  a.response_status, a.error_kind, a.error_message,
  (SELECT count(*)::int FROM deliveries d WHERE d.endpoint_id = e.id AND d.status = 'paused') AS paused,
  ARRAY(SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organization_id = e.organization_id AND m.role IN ('owner', 'admin') ORDER BY u.email) AS recipients
FROM endpoints e JOIN organizations o ON o.id = e.organization_id
LEFT JOIN LATERAL (
  SELECT response_status, error_kind, error_message FROM attempts WHERE endpoint_id = e.id AND trigger <> 'test' ORDER BY started_at DESC LIMIT 1
) a ON true
WHERE e.id = ANY ($1::uuid[]) AND NOT e.enabled
  AND NOT EXISTS (SELECT 1 FROM messages WHERE subject_key = 'endpoint_disabled:' || e.id AND created_at > now() - interval '1 hour')`;

/** The last error as a person reads it. */
export function errorInWords(
  row: Pick<DisabledRow, "response_status" | "error_kind" | "error_message">,
  locale: Locale,
  timeoutMs: number,
): string {
  const pt = locale === "pt-BR";
  switch (row.error_kind) {
    case "http":
      return pt ? `o servidor respondeu ${row.response_status}` : `the server answered ${row.response_status}`;
    case "timeout":
      return pt ? `tempo esgotado após ${timeoutMs / 1000} s` : `timed out after ${timeoutMs / 1000} s`;
    case "tls":
      return pt ? "certificado TLS inválido" : "invalid TLS certificate";
    case "connect":
      return pt ? "não foi possível conectar ao servidor" : "could not connect to the server";
    case "dns":
      return pt ? "o endereço do servidor não foi encontrado" : "the server's address was not found";
    case "redirect":
      return pt
        ? `o servidor respondeu com um redirecionamento (${row.response_status})`
        : `the server answered with a redirect (${row.response_status})`;
    default:
      return row.error_message ?? (pt ? "erro desconhecido" : "unknown error");
  }
}

function duration(from: Date | null, to: Date | null, locale: Locale): string {
  const minutes = Math.max(1, Math.round(((to ?? new Date()).getTime() - (from ?? to ?? new Date()).getTime()) / 60_000));
  const pt = locale === "pt-BR";
  if (minutes < 120) return pt ? `${minutes} min` : `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return pt ? `${hours} h` : `${hours} h`;
  return pt ? `${Math.round(hours / 24)} dias` : `${Math.round(hours / 24)} days`;
}

export async function alertDisabled(db: pg.Pool | pg.PoolClient, endpointIds: string[], timeoutMs: number): Promise<number> {
  if (!endpointIds.length) return 0;
  const { rows } = await db.query<DisabledRow>(DISABLED_SQL, [endpointIds]);
  let sent = 0;
  for (const row of rows) {
    const locale: Locale = "pt-BR";
    for (const to of row.recipients) {
      await queueMessage({
        kind: "endpoint_disabled",
        to,
        locale,
        organizationId: row.organization_id,
        subjectKey: `endpoint_disabled:${row.id}`,
        params: {
          endpoint: row.description ? `${row.description} (${row.url})` : row.url,
          organization: row.organization,
          failingFor: duration(row.failing_since, row.disabled_at, locale),
          lastError: errorInWords(row, locale, timeoutMs),
          paused: row.paused,
          link: appLink(`/account/webhooks/${row.id}`),
        },
      });
      sent++;
    }
  }
  return sent;
}
