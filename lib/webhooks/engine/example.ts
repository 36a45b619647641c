// "Enviar evento de exemplo": an event of a type the endpoint's subscription covers, with the
// catalog's example or data the user edited, to THIS endpoint only — a real event (in the event log,
// marked `published_by: example:…`) with one real delivery, sent at once as a manual attempt and
// logged like any other. Its own statement: the fan-out of ordinary publishing is not involved.
import "server-only";
import { z } from "zod";
import { pool } from "@/lib/db";
import { Conflict, Invalid } from "@/lib/errors";
import { uuidv7 } from "@/lib/ids";
import { fieldIssue, issue, requiredText } from "@/lib/validation";
import { extractBusinessIds, getEventType, OPERATIONAL_EVENT_TYPES } from "@/lib/webhooks/catalog";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { validateEvent } from "@/lib/webhooks/engine/publish";
import { enqueue } from "@/lib/webhooks/engine/resend";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { canExpress, type PayloadFormat } from "@/lib/webhooks/formats/formats";

export const exampleSchema = z.object({
  type: requiredText().min(1, issue("blank")).max(100, issue("too_long")),
  /** the data to send; the catalog's example when left out */
  data: z.record(z.string(), z.unknown(), { error: issue("not_object") }).optional(),
});
export type ExampleInput = z.infer<typeof exampleSchema>;

const STORE_SQL = `
WITH ev AS (
  INSERT INTO events (id, organization_id, type, data, company_cnpj, access_key, series, number, published_by, environment)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11) RETURNING id, organization_id, type, company_cnpj, created_at
)
INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, company_cnpj, status, next_attempt_at, created_at, updated_at)
SELECT uuid_v7_like(ev.id), ev.organization_id, ev.id, $10, ev.type, ev.company_cnpj, 'pending', ev.created_at, ev.created_at, ev.created_at FROM ev
RETURNING id, event_id`;

/** `by`: who asked ("user:<id>" or "token:<id>"). */
export async function sendExample(organizationId: string, endpointId: string | undefined, input: ExampleInput, by: string) {
  const endpoint = await getEndpoint(organizationId, endpointId);
  if (endpoint.kind === "polling") throw new Conflict("a polling webhook reads its feed: publish the event instead");
  if (!endpoint.enabled) throw new Conflict("enable the webhook before sending it an example");
  const definition = getEventType(input.type);
  const subscribed =
    definition &&
    definition.name !== "webhook.test" &&
    (endpoint.eventTypes.length ? endpoint.eventTypes.includes(definition.name) : !OPERATIONAL_EVENT_TYPES.includes(definition.name));
  if (!subscribed) throw new Invalid({ type: [fieldIssue("event_type.not_subscribed", { type: input.type })] });
  const format = endpoint.payloadFormat as PayloadFormat;
  if (!canExpress(format, definition.name)) throw new Invalid({ type: [fieldIssue("event_type.format", { type: input.type, format })] });
  const data = validateEvent({ type: definition.name, data: input.data ?? (definition.example as Record<string, unknown>) });
  const ids = extractBusinessIds(data);
  const { rows } = await pool().query<{ id: string; event_id: string }>(STORE_SQL, [
    uuidv7(),
    organizationId,
    definition.name,
    JSON.stringify(data),
    ids.companyCnpj ?? null,
    ids.accessKey ?? null,
    ids.series ?? null,
    ids.number ?? null,
    `example:${by}`,
    endpoint.id,
    // the endpoint's own environment; an example takes no number in its invoice's sequence
    endpoint.environment,
  ]);
  const delivery = rows[0]!;
  await enqueue([delivery.id], "manual", { urgent: true, perJob: 1 });
  return { delivery: { id: delivery.id, webhook_id: messageId(delivery.id), event_id: delivery.event_id } };
}
