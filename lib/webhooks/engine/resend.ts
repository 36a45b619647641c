// Sending again what a person asks for: one delivery ("Reenviar"), a selection of them ("Falhas"),
// one event to its webhooks ("Reenviar este evento", also to webhooks added after it was published),
// and an endpoint's deliveries in a time window ("Recuperar falhas"). Each becomes deliver jobs ahead
// of the others; the worker sends them within the endpoint's limits and records each attempt.
import { pool } from "@/lib/db";
import { retryDeadlocks } from "@/lib/db/retry";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { fieldIssue } from "@/lib/validation";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { DELIVER_TASK, MANUAL_PRIORITY, type JobTrigger } from "@/lib/webhooks/engine/job";
import { MAX_BULK_RESEND, type BulkResendInput, type EventResendInput, type RecoverInput } from "@/lib/webhooks/engine/schemas";
import { earlierOpenSql } from "@/lib/webhooks/engine/ordering";
import { eventTypeNames } from "@/lib/webhooks/catalog";
import { expressibleSql } from "@/lib/webhooks/formats/formats";
import type { Environment } from "@/lib/webhooks/environments";

/** Deliver jobs for `ids` in this order (jobs run in the order they were added), `perJob` deliveries each. */
const ENQUEUE_SQL = `
SELECT count(*)::int AS jobs FROM graphile_worker.add_jobs(ARRAY(
  SELECT ROW('${DELIVER_TASK}', json_build_object('deliveries', ids, 'trigger', $2::text), NULL, NULL, NULL, NULL, $4::int, NULL)::graphile_worker.job_spec
  FROM (SELECT json_agg(id ORDER BY n) AS ids, min(n) AS first FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n) GROUP BY (n - 1) / $3) b
  ORDER BY first))`;

/**
 * Queues deliver jobs. A resend someone is waiting for goes ahead of every other job; bulk work
 * (recover, paused deliveries) takes its turn with the rest, so one organization's backlog never
 * holds up the others'.
 */
export async function enqueue(ids: string[], trigger: JobTrigger, { perJob = 50, urgent = false } = {}): Promise<void> {
  if (!ids.length) return;
  await pool().query({ name: "enqueue-deliveries", text: ENQUEUE_SQL, values: [ids, trigger, perJob, urgent ? MANUAL_PRIORITY : 0] });
}

interface OwnedDelivery {
  id: string;
  endpoint_enabled: boolean;
  endpoint_deleted: boolean;
  endpoint_polling: boolean;
  /** an earlier delivery of its invoice to its endpoint, which orders per invoice, is still open */
  held: boolean;
}

// the order of an invoice holds for resends too: one whose earlier delivery is still open waits for it
const HELD_SQL = `e.ordering = 'per_invoice' AND d.ordering_key IS NOT NULL AND EXISTS (${earlierOpenSql("d")})`;

const HELD_MESSAGE = "an earlier delivery of this invoice to this webhook has not finished: this one goes after it";

// the organization's deliveries among $1, oldest first (another organization's are not there), of
// environment $3 when it is given (a token limited to one)
const OWNED_SQL = `
SELECT d.id, e.enabled AS endpoint_enabled, e.deleted_at IS NOT NULL AS endpoint_deleted, e.kind = 'polling' AS endpoint_polling,
  ${HELD_SQL} AS held
FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
WHERE d.id = ANY ($1::uuid[]) AND d.organization_id = $2 AND ($3::text IS NULL OR e.environment = $3)
ORDER BY d.created_at, d.id`;

const owned = async (organizationId: string, ids: string[], environment: Environment | null = null) =>
  (await pool().query<OwnedDelivery>(OWNED_SQL, [ids, organizationId, environment])).rows;

async function deliveryIn(organizationId: string, id: string | undefined): Promise<OwnedDelivery> {
  const [delivery] = isUuid(id) ? await owned(organizationId, [id]) : [];
  if (!delivery) throw new NotFound("delivery not found");
  return delivery;
}

/** Why a delivery cannot be sent again now (a code and its English text), or undefined when it can. */
function refusalOf(delivery: OwnedDelivery): { code: RefusalCode; message: string } | undefined {
  if (delivery.endpoint_deleted) return { code: "webhook.deleted", message: "the webhook of this delivery was deleted" };
  if (delivery.endpoint_polling)
    return {
      code: "webhook.polling",
      message: "a polling webhook's messages are read from its feed: read it again from an earlier cursor",
    };
  if (!delivery.endpoint_enabled) return { code: "webhook.disabled", message: "enable the webhook before resending its deliveries" };
  if (delivery.held) return { code: "delivery.waiting_predecessor", message: HELD_MESSAGE };
}

export type RefusalCode = "webhook.deleted" | "webhook.polling" | "webhook.disabled" | "delivery.waiting_predecessor";

/** "Reenviar": a new attempt of this delivery, soon, with the same webhook-id. */
export async function resendDelivery(organizationId: string, id: string | undefined): Promise<void> {
  const delivery = await deliveryIn(organizationId, id);
  const refusal = refusalOf(delivery);
  if (refusal) throw new Conflict(refusal.message, refusal.code);
  await enqueue([delivery.id], "manual", { urgent: true });
}

export type BulkResendResult =
  | { id: string; result: "queued" }
  | { id: string; result: "not_found" }
  | { id: string; result: "refused"; code: RefusalCode; error: string };

/**
 * "Reenviar selecionadas" (Falhas): each delivery the organization has and may send again gets a new
 * attempt, as "Reenviar" gives one; the others are answered one by one (another organization's ids
 * are not found, and never touched). One job, oldest first: an invoice's deliveries go in order.
 */
export async function resendDeliveries(organizationId: string, { ids }: BulkResendInput, environment: Environment | null = null) {
  const unique = [...new Set(ids)];
  const rows = await owned(organizationId, unique, environment);
  const accepted = rows.filter((d) => !refusalOf(d)).map((d) => d.id);
  await enqueue(accepted, "manual", { urgent: true, perJob: MAX_BULK_RESEND });
  const found = new Map(rows.map((d) => [d.id, d]));
  const results = unique.map((id): BulkResendResult => {
    const delivery = found.get(id);
    if (!delivery) return { id, result: "not_found" };
    const refusal = refusalOf(delivery);
    return refusal ? { id, result: "refused", code: refusal.code, error: refusal.message } : { id, result: "queued" };
  });
  const count = (result: BulkResendResult["result"]) => results.filter((r) => r.result === result).length;
  return { queued: count("queued"), refused: count("refused"), not_found: count("not_found"), results };
}

interface EventTarget {
  endpoint_id: string;
  delivery_id: string | null;
  subscribed: boolean;
  enabled: boolean;
  held: boolean | null;
}

// every live endpoint of the organization, whether it is subscribed to the event now, and its delivery of it
const TARGETS_SQL = `
SELECT e.id AS endpoint_id, d.id AS delivery_id, e.enabled, ${HELD_SQL} AS held,
  (cardinality(e.event_types) = 0 OR ev.type = ANY (e.event_types)) AND (cardinality(e.cnpjs) = 0 OR ev.company_cnpj = ANY (e.cnpjs))
    AND ${expressibleSql("ev.type", eventTypeNames)} AS subscribed
FROM events ev JOIN endpoints e ON e.organization_id = ev.organization_id AND e.deleted_at IS NULL AND e.kind = 'push'
  AND e.environment = ev.environment
LEFT JOIN deliveries d ON d.event_id = ev.id AND d.endpoint_id = e.id
WHERE ev.id = $1 AND ev.organization_id = $2
ORDER BY e.created_at`;

const CREATE_DELIVERIES_SQL = `
INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, company_cnpj, next_attempt_at, sequence, ordering_key)
SELECT uuid_v7_like(ev.id), ev.organization_id, ev.id, e.id, ev.type, ev.company_cnpj, now(), s.sequence,
  CASE WHEN e.ordering = 'per_invoice' AND s.sequence IS NOT NULL THEN ev.access_key END
FROM events ev JOIN endpoints e ON e.id = ANY ($2::uuid[]) AND e.organization_id = ev.organization_id
LEFT JOIN event_sequences s ON s.event_id = ev.id
WHERE ev.id = $1
RETURNING id, endpoint_id`;

/**
 * "Reenviar este evento": a new attempt to every enabled endpoint subscribed to the event's type now
 * (or to those of `endpoint_ids`). An endpoint without a delivery of it (added after the event was
 * published) gets one, with its own retries.
 */
export async function resendEvent(organizationId: string, eventId: string | undefined, input: EventResendInput = {}) {
  if (!isUuid(eventId)) throw new NotFound("event not found");
  const exists = await pool().query(`SELECT 1 FROM events WHERE id = $1 AND organization_id = $2`, [eventId, organizationId]);
  if (!exists.rowCount) throw new NotFound("event not found");
  const { rows } = await pool().query<EventTarget>(TARGETS_SQL, [eventId, organizationId]);
  const wanted = input.endpoint_ids && new Set(input.endpoint_ids);
  const chosen = rows.filter((t) => (wanted ? wanted.has(t.endpoint_id) : t.subscribed && t.enabled));
  if (wanted) {
    const known = new Map(rows.map((t) => [t.endpoint_id, t]));
    const refused = input.endpoint_ids!.filter((id) => !known.get(id)?.subscribed || !known.get(id)?.enabled);
    if (refused.length) {
      throw new Invalid({ endpoint_ids: refused.map((id) => fieldIssue("endpoint.not_subscribed", { id })) });
    }
  }
  if (chosen.some((t) => t.held)) throw new Conflict(HELD_MESSAGE, "delivery.waiting_predecessor");
  const existing = chosen.filter((t) => t.delivery_id).map((t) => t.delivery_id!);
  const missing = chosen.filter((t) => !t.delivery_id).map((t) => t.endpoint_id);
  const created = missing.length
    ? (await pool().query<{ id: string; endpoint_id: string }>(CREATE_DELIVERIES_SQL, [eventId, missing])).rows
    : [];
  await enqueue(existing, "manual", { urgent: true });
  // a new delivery is a delivery like any other: the normal schedule retries it
  await enqueue(
    created.map((d) => d.id),
    "auto",
    { urgent: true },
  );
  const byEndpoint = new Map(created.map((d) => [d.endpoint_id, d.id]));
  return chosen.map((t) => {
    const id = t.delivery_id ?? byEndpoint.get(t.endpoint_id)!;
    return { id, endpoint_id: t.endpoint_id, webhook_id: messageId(id), created: !t.delivery_id };
  });
}

const RECOVER_SQL = `
WITH picked AS (
  SELECT id, created_at FROM deliveries
  WHERE endpoint_id = $1 AND status = ANY ($4::"DeliveryStatus"[]) AND created_at >= $2 AND created_at < $3
    AND (cardinality($5::text[]) = 0 OR event_type = ANY ($5::text[]))
), updated AS (
  UPDATE deliveries d SET status = 'pending', next_attempt_at = now(), updated_at = now()
  -- status checked again: a delivery a concurrent resend or job changed meanwhile is left as it is
  FROM picked WHERE d.id = picked.id AND d.status = ANY ($4::"DeliveryStatus"[]) AND NOT $6::boolean
  RETURNING d.id, d.created_at
)
SELECT (SELECT count(*) FROM picked)::int AS count,
  ARRAY(SELECT id FROM updated ORDER BY created_at, id)::text[] AS ids`;

/**
 * "Recuperar falhas": the endpoint's deliveries created in [since, until) with the given statuses
 * (failed by default) get one more attempt, oldest first (trigger recover). A dry run only counts.
 * Pressing twice queues nothing new: they are no longer in those statuses.
 */
export async function recoverDeliveries(organizationId: string, endpointId: string | undefined, input: RecoverInput) {
  const endpoint = await getEndpoint(organizationId, endpointId);
  if (!endpoint.enabled && !input.dry_run) throw new Conflict("enable the webhook before recovering its deliveries");
  const until = input.until ?? new Date();
  const { rows } = await retryDeadlocks(() =>
    pool().query<{ count: number; ids: string[] }>(RECOVER_SQL, [
      endpoint.id,
      input.since,
      until,
      input.statuses,
      input.event_types ?? [],
      input.dry_run,
    ]),
  );
  const { count, ids } = rows[0]!;
  await enqueue(ids, "recover");
  return { count, dry_run: input.dry_run, since: input.since.toISOString(), until: until.toISOString() };
}
