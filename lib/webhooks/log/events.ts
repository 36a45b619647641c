// The organization's events, searchable by business identifier, each with every endpoint's delivery.
import { pool, readPool } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { keyset, keysetPage } from "@/lib/webhooks/log/cursor";
import { classifySearch } from "@/lib/webhooks/log/search";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import type { EventFilters } from "@/lib/webhooks/log/schemas";
import { invoiceOf, SEFAZ_COLUMNS, type InvoiceColumns } from "@/lib/webhooks/log/sefaz";

interface EventRow extends InvoiceColumns {
  id: string;
  type: string;
  idempotency_key: string | null;
  environment: string;
  created_at: Date;
  deliveries: { id: string; endpoint_id: string; url: string; status: string; attempts: number; last_status_code: number | null }[];
}

const COLUMNS = `ev.id, ev.type, ev.idempotency_key, ev.company_cnpj, ev.access_key, ev.series, ev.number, ev.environment, ev.created_at,
  (SELECT s.sequence FROM event_sequences s WHERE s.event_id = ev.id) AS sequence, ${SEFAZ_COLUMNS},
  (SELECT coalesce(json_agg(json_build_object('id', d.id, 'endpoint_id', d.endpoint_id, 'url', e.url, 'status', d.status,
     'attempts', d.attempt_count, 'last_status_code', d.last_status_code) ORDER BY e.created_at), '[]')
   FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id WHERE d.event_id = ev.id) AS deliveries`;

function serialize(row: EventRow) {
  return {
    id: row.id,
    type: row.type,
    idempotency_key: row.idempotency_key,
    environment: row.environment,
    created_at: row.created_at.toISOString(),
    invoice: invoiceOf(row),
    deliveries: row.deliveries.map((d) => ({ ...d, webhook_id: messageId(d.id) })),
  };
}

/** The events list's SQL (scripts/bench/log-perf.ts explains it). */
export function eventLogQuery(organizationId: string, filters: EventFilters): { sql: string; values: unknown[] } {
  const values: unknown[] = [organizationId];
  const param = (v: unknown) => (values.push(v), `$${values.length}`);
  const where = ["ev.organization_id = $1"];
  if (filters.type) where.push(`ev.type = ${param(filters.type)}`);
  if (filters.environment) where.push(`ev.environment = ${param(filters.environment)}`);
  const term = classifySearch(filters.q);
  if (term.kind === "unknown") where.push("false");
  if (term.kind === "event_id") where.push(`ev.id = ${param(term.value)}`);
  if (term.kind === "delivery_id") where.push(`ev.id IN (SELECT event_id FROM deliveries WHERE id = ${param(term.value)})`);
  if (term.kind === "access_key") where.push(`ev.access_key = ${param(term.value)}`);
  if (term.kind === "cnpj") where.push(`ev.company_cnpj = ${param(term.value)}`);
  if (term.kind === "number") where.push(`ev.number = ${param(term.value)}`);
  const { after, orderAndLimit } = keyset("ev", filters.cursor, filters.limit, param);
  if (after) where.push(after);
  const sql = `SELECT ${COLUMNS} FROM events ev WHERE ${where.join(" AND ")} ${orderAndLimit}`;
  return { sql, values };
}

export async function listEvents(organizationId: string, filters: EventFilters) {
  const { sql, values } = eventLogQuery(organizationId, filters);
  const { rows } = await readPool().query<EventRow>(sql, values);
  const { page, next_cursor } = keysetPage(rows, filters.limit);
  return { events: page.map(serialize), next_cursor };
}

export async function getEvent(organizationId: string, id: string | undefined) {
  if (!isUuid(id)) throw new NotFound("event not found");
  const { rows } = await pool().query<EventRow & { data: unknown }>(
    `SELECT ${COLUMNS}, ev.data || coalesce((SELECT jsonb_build_object('sequence', s.sequence) FROM event_sequences s WHERE s.event_id = ev.id), '{}') AS data
     FROM events ev WHERE ev.id = $1 AND ev.organization_id = $2`,
    [id, organizationId],
  );
  if (!rows[0]) throw new NotFound("event not found");
  return { event: { ...serialize(rows[0]), data: rows[0].data } };
}
