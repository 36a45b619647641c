// The delivery log: per endpoint (and "Falhas", the organization's failures across endpoints), newest
// first, filtered and searched by business identifiers, paged by keyset. Every query here is scoped by
// organization and backed by an index.
import "server-only";
import { pool, readPool } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { keyset, keysetPage, type Param } from "@/lib/webhooks/log/cursor";
import { classifySearch, type SearchTerm } from "@/lib/webhooks/log/search";
import { DATA_SQL, messageId } from "@/lib/webhooks/outbound/envelope";
import { bodyInFormat } from "@/lib/webhooks/formats/body";
import { FAILURE_STATUSES, type DeliveryFilters, type FailureFilters } from "@/lib/webhooks/log/schemas";
import { invoiceOf, SEFAZ_COLUMNS, type InvoiceColumns } from "@/lib/webhooks/log/sefaz";

export interface DeliveryRow extends InvoiceColumns {
  id: string;
  event_id: string;
  endpoint_id: string;
  event_type: string;
  status: string;
  attempt_count: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  created_at: Date;
  updated_at: Date;
}

const DELIVERY_COLUMNS = `d.id, d.event_id, d.endpoint_id, d.event_type, d.status, d.attempt_count, d.next_attempt_at, d.last_status_code,
  d.last_error, d.last_duration_ms, d.created_at, d.updated_at, d.sequence, ev.company_cnpj, ev.access_key, ev.series, ev.number, ${SEFAZ_COLUMNS}`;

/** SQL condition selecting the events a search term names, or undefined when there is no term. */
function eventCondition(term: SearchTerm, param: (v: unknown) => string, org: string): string | undefined {
  switch (term.kind) {
    case "none":
      return undefined;
    case "unknown":
      return "false";
    case "event_id":
      return `d.event_id = ${param(term.value)}`;
    case "delivery_id":
      return `d.id = ${param(term.value)}`;
    case "access_key":
      return `d.event_id IN (SELECT id FROM events WHERE organization_id = ${org} AND access_key = ${param(term.value)})`;
    case "cnpj":
      return `d.company_cnpj = ${param(term.value)}`;
    case "number":
      return `d.event_id IN (SELECT id FROM events WHERE organization_id = ${org} AND number = ${param(term.value)})`;
  }
}

export function serializeDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    webhook_id: messageId(row.id),
    event_id: row.event_id,
    endpoint_id: row.endpoint_id,
    event_type: row.event_type,
    status: row.status,
    attempts: row.attempt_count,
    next_attempt_at: row.next_attempt_at?.toISOString() ?? null,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    last_duration_ms: row.last_duration_ms,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    invoice: invoiceOf(row),
  };
}

/** The conditions both delivery lists share: status, event type, time window and search. */
function filterConditions(filters: DeliveryFilters, param: Param, org: string): string[] {
  const where: string[] = [];
  if (filters.status) where.push(`d.status = ${param(filters.status)}`);
  if (filters.event_type) where.push(`d.event_type = ${param(filters.event_type)}`);
  if (filters.from) where.push(`d.created_at >= ${param(filters.from)}`);
  if (filters.to) where.push(`d.created_at < ${param(filters.to)}`);
  const search = eventCondition(classifySearch(filters.q), param, org);
  if (search) where.push(search);
  return where;
}

/** The log's SQL for an endpoint already known to be the organization's (scripts/bench/log-perf.ts explains it). */
export function deliveryLogQuery(organizationId: string, endpointId: string, filters: DeliveryFilters): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (v: unknown) => (values.push(v), `$${values.length}`);
  const where = [`d.endpoint_id = ${param(endpointId)}`];
  const org = param(organizationId);
  where.push(...filterConditions(filters, param, org));
  const { after, orderAndLimit } = keyset("d", filters.cursor, filters.limit, param);
  if (after) where.push(after);
  const sql = `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN events ev ON ev.id = d.event_id
    WHERE ${where.join(" AND ")} AND ${org}::uuid IS NOT NULL ${orderAndLimit}`;
  return { sql, values };
}

export async function listDeliveries(organizationId: string, endpointId: string | undefined, filters: DeliveryFilters) {
  const endpoint = await getEndpoint(organizationId, endpointId);
  const { sql, values } = deliveryLogQuery(organizationId, endpoint.id, filters);
  const { rows } = await readPool().query<DeliveryRow>(sql, values);
  const { page, next_cursor } = keysetPage(rows, filters.limit);
  return { deliveries: page.map(serializeDelivery), next_cursor };
}

interface FailureRow extends DeliveryRow {
  url: string;
  description: string;
  kind: string;
  endpoint_deleted: boolean;
}

// the literal list lets PostgreSQL match the partial index deliveries_failures_idx whatever the status parameter
const FAILURE_STATUSES_SQL = `(${FAILURE_STATUSES.map((s) => `'${s}'`).join(", ")})`;

/** "Falhas": the organization's deliveries in one of FAILURE_STATUSES, across its webhooks, newest first. */
export function failuresQuery(organizationId: string, filters: FailureFilters): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (v: unknown) => (values.push(v), `$${values.length}`);
  const org = param(organizationId);
  const where = [`d.organization_id = ${org}`, `d.status IN ${FAILURE_STATUSES_SQL}`, ...filterConditions(filters, param, org)];
  if (filters.endpoint_id) where.push(`d.endpoint_id = ${param(filters.endpoint_id)}`);
  if (filters.environment) where.push(`e.environment = ${param(filters.environment)}`);
  const { after, orderAndLimit } = keyset("d", filters.cursor, filters.limit, param);
  if (after) where.push(after);
  const sql = `SELECT ${DELIVERY_COLUMNS}, e.url, e.description, e.kind, e.deleted_at IS NOT NULL AS endpoint_deleted
    FROM deliveries d JOIN events ev ON ev.id = d.event_id JOIN endpoints e ON e.id = d.endpoint_id
    WHERE ${where.join(" AND ")} ${orderAndLimit}`;
  return { sql, values };
}

export async function listFailures(organizationId: string, filters: FailureFilters) {
  const { sql, values } = failuresQuery(organizationId, filters);
  const { rows } = await readPool().query<FailureRow>(sql, values);
  const { page, next_cursor } = keysetPage(rows, filters.limit);
  return {
    deliveries: page.map((row) => ({
      ...serializeDelivery(row),
      endpoint: {
        id: row.endpoint_id,
        url: row.kind === "polling" ? null : row.url,
        description: row.description,
        deleted: row.endpoint_deleted,
      },
    })),
    next_cursor,
  };
}

export interface AttemptRow {
  id: string;
  number: number;
  trigger: string;
  started_at: Date;
  duration_ms: number;
  request_headers: Record<string, string>;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  response_body_truncated: boolean;
  error_kind: string | null;
  error_message: string | null;
  body_format?: string | null;
}

export function serializeAttempt(a: AttemptRow) {
  return {
    id: String(a.id),
    number: a.number,
    trigger: a.trigger,
    started_at: a.started_at.toISOString(),
    duration_ms: a.duration_ms,
    status_code: a.response_status,
    error: a.error_kind && a.error_kind !== "http" ? a.error_kind : null,
    error_kind: a.error_kind,
    error_message: a.error_message,
    /** the format its body was sent in: "standard", "emites", "standard+redacted"… */
    body_format: a.body_format ?? "standard",
    request: { headers: a.request_headers },
    response:
      a.response_status === null
        ? null
        : { headers: a.response_headers ?? {}, body: a.response_body ?? "", body_truncated: a.response_body_truncated },
  };
}

/** One delivery with its event payload, endpoint and every attempt (oldest first). */
export async function getDelivery(organizationId: string, id: string | undefined) {
  if (!isUuid(id)) throw new NotFound("delivery not found");
  const { rows } = await pool().query<
    DeliveryRow & {
      data: string;
      event_created_at: Date;
      url: string;
      endpoint_deleted: boolean;
      kind: string;
      acknowledged_at: Date | null;
      environment: string;
      payload_format: string;
      redact_personal: boolean;
      retry_policy: string;
    }
  >(
    `SELECT ${DELIVERY_COLUMNS}, ${DATA_SQL} AS data, ev.created_at AS event_created_at, e.url, e.deleted_at IS NOT NULL AS endpoint_deleted,
       e.kind, (SELECT max(f.acked_at) FROM feed_messages f WHERE f.delivery_id = d.id) AS acknowledged_at,
       ev.environment, e.payload_format, e.redact_personal, e.retry_policy
     FROM deliveries d JOIN events ev ON ev.id = d.event_id JOIN endpoints e ON e.id = d.endpoint_id
     WHERE d.id = $1 AND d.organization_id = $2`,
    [id, organizationId],
  );
  const row = rows[0];
  if (!row) throw new NotFound("delivery not found");
  const attempts = await pool().query<AttemptRow>(
    `SELECT id, number, trigger, started_at, duration_ms, request_headers, response_status, response_headers, response_body,
       response_body_truncated, error_kind, error_message, body_format FROM attempts WHERE delivery_id = $1 ORDER BY number, id`,
    [id],
  );
  // the body as the last attempt sent it (its format is on record), else as the endpoint's format would send it now
  const last = attempts.rows.at(-1);
  const format = last ? (last.body_format ?? "standard") : `${row.payload_format}${row.redact_personal ? "+redacted" : ""}`;
  const body = bodyInFormat(format, {
    type: row.event_type,
    createdAt: row.event_created_at,
    dataJson: row.data,
    eventId: row.event_id,
    environment: row.environment,
  });
  return {
    delivery: {
      ...serializeDelivery(row),
      endpoint: {
        id: row.endpoint_id,
        url: row.kind === "polling" ? null : row.url,
        kind: row.kind,
        deleted: row.endpoint_deleted,
        retry_policy: row.retry_policy,
      },
      /** a polling endpoint's message: when its consumer acknowledged it (null: not read yet) */
      acknowledged_at: row.acknowledged_at?.toISOString() ?? null,
      request: { body, body_format: format },
      attempts: attempts.rows.map(serializeAttempt),
    },
  };
}
