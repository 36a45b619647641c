// Publishing an event: validated here, then stored with its deliveries and their job in one SQL
// statement (lib/webhooks/engine/publish-batcher.ts), shared with the events published at the same time.
// Either all of it exists or none of it does.
import "server-only";
import { z } from "zod";
import { TokenRefused } from "@/lib/auth/tokens";
import { pool } from "@/lib/db";
import { Invalid } from "@/lib/errors";
import { fieldIssue, issue, requiredText } from "@/lib/validation";
import { extractBusinessIds, getEventType, OPERATIONAL_EVENT_TYPES, validateEventData } from "@/lib/webhooks/catalog";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { storeEvent, storeEventWithToken, type NewEventRow, type StoredEvent } from "@/lib/webhooks/engine/publish-batcher";
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS, environmentLimited, environmentOfData, type Environment } from "@/lib/webhooks/environments";

export const MAX_EVENT_BYTES = 256 * 1024;

export const publishSchema = z.object({
  type: requiredText().min(1, issue("blank")).max(100, issue("too_long")),
  data: z.record(z.string(), z.unknown(), { error: issue("not_object") }),
  id: z.string().trim().min(1).max(200).optional(),
  /** producao or homologacao; else what data.environment / data.tpAmb say; else producao */
  environment: z.enum(ENVIRONMENTS, { error: issue("invalid_option") }).optional(),
});
export type PublishInput = z.infer<typeof publishSchema>;

export interface PublishedDelivery {
  id: string;
  endpoint_id: string;
  webhook_id: string;
}

export interface PublishResult {
  created: boolean;
  event: {
    id: string;
    type: string;
    idempotency_key: string | null;
    environment: Environment;
    sequence: number | null;
    created_at: string;
  };
  deliveries: PublishedDelivery[];
}

const EXISTING_SQL = `
SELECT ev.id, ev.type, ev.created_at, ev.environment, (SELECT s.sequence FROM event_sequences s WHERE s.event_id = ev.id) AS sequence,
  (SELECT coalesce(json_agg(json_build_object('id', d.id, 'endpoint_id', d.endpoint_id)), '[]') FROM deliveries d WHERE d.event_id = ev.id) AS deliveries
FROM event_keys k JOIN events ev ON ev.id = k.event_id WHERE k.organization_id = $1 AND k.idempotency_key = $2`;

/** The event's data as stored (validated against the catalog), or Invalid naming the field. */
export function validateEvent(input: PublishInput) {
  const definition = getEventType(input.type);
  if (!definition || definition.name === "webhook.test") {
    throw new Invalid({ type: [definition ? fieldIssue("event_type.test_only") : fieldIssue("event_type.unknown", { type: input.type })] });
  }
  if (OPERATIONAL_EVENT_TYPES.includes(definition.name)) {
    throw new Invalid({ type: [fieldIssue("event_type.system_only", { type: definition.name })] });
  }
  const checked = validateEventData(input.type, input.data);
  if (!checked.ok) throw new Invalid(checked.issues);
  // data.sequence is ours: every body carries the invoice's own (lib/webhooks/engine/publish-batcher.ts)
  const { sequence: _, ...data } = checked.data as Record<string, unknown>;
  return data;
}

/** The environment the event asks for (environment) or its data names (environment, tpAmb); null: neither. */
export function askedEnvironment(input: PublishInput, data: Record<string, unknown>): Environment | null {
  const fromData = environmentOfData(data);
  if (input.environment && fromData && input.environment !== fromData) {
    throw new Invalid({
      environment: [fieldIssue("environment.mismatch", { environment: input.environment, data_environment: fromData })],
    });
  }
  return input.environment ?? fromData ?? null;
}

/**
 * The event's environment: the one asked for, else the one its data names (environment, tpAmb),
 * else the token's own, else produção. A token limited to one environment publishes only there.
 */
export function eventEnvironment(
  input: PublishInput,
  data: Record<string, unknown>,
  tokenEnvironment: Environment | null = null,
): Environment {
  const environment = askedEnvironment(input, data) ?? tokenEnvironment ?? DEFAULT_ENVIRONMENT;
  if (tokenEnvironment && environment !== tokenEnvironment) throw environmentLimited(tokenEnvironment);
  return environment;
}

export function result(row: StoredEvent, input: PublishInput, created: boolean): PublishResult {
  return {
    created,
    event: {
      id: row.id,
      type: row.type,
      idempotency_key: input.id ?? null,
      environment: row.environment,
      sequence: row.sequence,
      created_at: row.created_at.toISOString(),
    },
    deliveries: row.deliveries.map((d) => ({ id: d.id, endpoint_id: d.endpoint_id, webhook_id: messageId(d.id) })),
  };
}

/** The row to store for an event (validated here: Invalid names the field), but for whose it is and where. */
function eventFields(input: PublishInput, publishedBy: string | null) {
  const data = validateEvent(input);
  const ids = extractBusinessIds(data);
  const fields = {
    type: input.type,
    data,
    idempotency_key: input.id ?? null,
    company_cnpj: ids.companyCnpj ?? null,
    access_key: ids.accessKey ?? null,
    series: ids.series ?? null,
    number: ids.number ?? null,
    about_endpoint_id: null,
    published_by: publishedBy,
  };
  return { data, fields };
}

/** The row to store for a validated event. */
export function eventRow(
  organizationId: string,
  input: PublishInput,
  publishedBy: string | null = null,
  tokenEnvironment: Environment | null = null,
): Omit<NewEventRow, "id"> {
  const { data, fields } = eventFields(input, publishedBy);
  return { ...fields, organization_id: organizationId, environment: eventEnvironment(input, data, tokenEnvironment) };
}

/** The result of a publish the statement answered: the new event, or the first one with its idempotency key. */
async function resultOf(organizationId: string, input: PublishInput, stored: StoredEvent | null): Promise<PublishResult> {
  if (stored) return result(stored, input, true);
  const existing = await pool().query<StoredEvent>({ name: "published-event", text: EXISTING_SQL, values: [organizationId, input.id] });
  if (!existing.rows[0]) throw new Error("idempotent publish found neither a new nor an existing event");
  return result(existing.rows[0], input, false);
}

/**
 * `publishedBy`: set when not the organization's own token or session publishes ("operator:<key id>");
 * `tokenEnvironment`: the only environment the publishing token may publish in, if it is limited.
 */
export async function publishEvent(
  organizationId: string,
  input: PublishInput,
  publishedBy: string | null = null,
  tokenEnvironment: Environment | null = null,
): Promise<PublishResult> {
  return resultOf(organizationId, input, await storeEvent(eventRow(organizationId, input, publishedBy, tokenEnvironment)));
}

/**
 * Publishes with an API token not looked up yet: the publish statement checks it as it stores
 * (lib/webhooks/engine/publish-batcher.ts). Throws TokenRefused when the token may not publish this.
 */
export async function publishWithToken(
  tokenHash: string,
  input: PublishInput,
): Promise<{ organizationId: string; published: PublishResult }> {
  const { data, fields } = eventFields(input, null);
  const outcome = await storeEventWithToken({ ...fields, token_hash: tokenHash, environment: askedEnvironment(input, data) });
  if ("refusal" in outcome) throw new TokenRefused(outcome.refusal);
  return { organizationId: outcome.organizationId, published: await resultOf(outcome.organizationId, input, outcome.stored) };
}
