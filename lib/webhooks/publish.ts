// Publishing an event: the event row, one delivery per matching endpoint and ONE fan-out job, in a
// single SQL statement (one round trip, one commit). Either all of it exists or none of it does.
import { z } from "zod";
import { pool } from "@/lib/db";
import { Invalid } from "@/lib/errors";
import { extractBusinessIds, getEventType, validateEventData } from "@/lib/webhooks/event-types";
import { messageId } from "@/lib/webhooks/envelope";

export const MAX_EVENT_BYTES = 256 * 1024;

export const publishSchema = z.object({
  type: z.string({ error: "can't be blank" }).min(1, "can't be blank").max(100),
  data: z.record(z.string(), z.unknown(), { error: "must be an object" }),
  id: z.string().trim().min(1).max(200).optional(),
});
export type PublishInput = z.infer<typeof publishSchema>;

export interface PublishedDelivery {
  id: string;
  endpoint_id: string;
  webhook_id: string;
}

export interface PublishResult {
  created: boolean;
  event: { id: string; type: string; idempotency_key: string | null; created_at: string };
  deliveries: PublishedDelivery[];
}

const PUBLISH_SQL = `
WITH ev AS (
  INSERT INTO events (organization_id, type, data, idempotency_key, company_cnpj, access_key, series, number)
  VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8)
  ON CONFLICT (organization_id, idempotency_key) DO NOTHING
  RETURNING id, created_at
), d AS (
  INSERT INTO deliveries (organization_id, event_id, endpoint_id, event_type, company_cnpj, next_attempt_at, created_at, updated_at)
  SELECT $1, ev.id, e.id, $2, $5, ev.created_at, ev.created_at, ev.created_at
  FROM ev, endpoints e
  WHERE e.organization_id = $1 AND e.deleted_at IS NULL AND e.enabled
    AND (cardinality(e.event_types) = 0 OR $2 = ANY (e.event_types))
    AND (cardinality(e.cnpjs) = 0 OR $5 = ANY (e.cnpjs))
  RETURNING id, endpoint_id
), job AS (
  -- one job for the whole fan-out; none (and no NOTIFY) when no endpoint matches
  SELECT (SELECT count(*) FROM graphile_worker.add_jobs(ARRAY[
    ROW('deliver', json_build_object('d', (SELECT json_agg(d.id) FROM d)), NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec
  ])) AS n
  WHERE EXISTS (SELECT 1 FROM d)
)
SELECT ev.id, ev.created_at, (SELECT coalesce(json_agg(json_build_object('id', d.id, 'endpoint_id', d.endpoint_id)), '[]') FROM d) AS deliveries, (SELECT n FROM job) AS jobs
FROM ev`;

const EXISTING_SQL = `
SELECT ev.id, ev.created_at,
  (SELECT coalesce(json_agg(json_build_object('id', d.id, 'endpoint_id', d.endpoint_id)), '[]') FROM deliveries d WHERE d.event_id = ev.id) AS deliveries
FROM events ev WHERE ev.organization_id = $1 AND ev.idempotency_key = $2`;

interface Row {
  id: string;
  created_at: Date;
  deliveries: { id: string; endpoint_id: string }[];
}

function validate(input: PublishInput) {
  const definition = getEventType(input.type);
  if (!definition || definition.name === "webhook.test") {
    throw new Invalid({ type: [definition ? "webhook.test is sent by the test ping and cannot be published" : `unknown event type ${JSON.stringify(input.type)}`] });
  }
  const checked = validateEventData(input.type, input.data);
  if (!checked.ok) throw new Invalid(checked.errors);
  return checked.data;
}

function result(row: Row, input: PublishInput, created: boolean): PublishResult {
  return {
    created,
    event: { id: row.id, type: input.type, idempotency_key: input.id ?? null, created_at: row.created_at.toISOString() },
    deliveries: row.deliveries.map((d) => ({ id: d.id, endpoint_id: d.endpoint_id, webhook_id: messageId(d.id) })),
  };
}

export async function publishEvent(organizationId: string, input: PublishInput): Promise<PublishResult> {
  const data = validate(input);
  const ids = extractBusinessIds(data);
  const params = [organizationId, input.type, JSON.stringify(data), input.id ?? null, ids.companyCnpj ?? null, ids.accessKey ?? null, ids.series ?? null, ids.number ?? null];
  const { rows } = await pool().query<Row>({ name: "publish-event", text: PUBLISH_SQL, values: params });
  if (rows[0]) return result(rows[0], input, true);
  const existing = await pool().query<Row>({ name: "published-event", text: EXISTING_SQL, values: [organizationId, input.id] });
  if (!existing.rows[0]) throw new Error("idempotent publish found neither a new nor an existing event");
  return result(existing.rows[0], input, false);
}
