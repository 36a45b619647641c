// The operator's batch publish: up to 500 events for any tenants in one request, stored in ONE
// statement (lib/webhooks/engine/publish-batcher.ts, the same SQL as every publish). Each item is
// validated as POST /api/v1/events validates a body and answered on its own — accepted, duplicate
// (its `id` was published before for that tenant, or earlier in the same batch), or its errors —
// and a bad item never fails the others.
import "server-only";
import { z } from "zod";
import { pool } from "@/lib/db";
import { ApiError, Invalid } from "@/lib/errors";
import { issue, requiredText } from "@/lib/validation";
import { parseOrThrow } from "@/lib/api/route";
import { EXTERNAL_ID } from "@/lib/operator/tenants";
import { MAX_EVENT_BYTES, eventRow, publishSchema, result, type PublishResult } from "@/lib/webhooks/engine/publish";
import { storeEventsNow, type NewEventRow, type StoredEvent } from "@/lib/webhooks/engine/publish-batcher";
import { uuidv7 } from "@/lib/ids";

export const MAX_BATCH_EVENTS = 500;
/** 500 events of a few KB each, with room; one event stays bounded by MAX_EVENT_BYTES */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

export const batchSchema = z.object({
  events: z
    .array(z.unknown(), { error: issue("invalid") })
    .min(1, issue("blank"))
    .max(MAX_BATCH_EVENTS, issue("too_many")),
});

const itemSchema = publishSchema.extend({
  organization: requiredText().trim().min(1, issue("blank")).max(128, issue("too_long")),
});

type ItemAnswer =
  | ({ status: "accepted" | "duplicate"; organization: string } & Omit<PublishResult, "created">)
  | { status: "invalid"; organization: string | null; errors: unknown; code: string; field_codes?: unknown };

const EXISTING_SQL = `
SELECT ev.id, ev.type, ev.created_at, ev.organization_id, ev.idempotency_key, ev.environment,
  (SELECT s.sequence FROM event_sequences s WHERE s.event_id = ev.id) AS sequence,
  (SELECT coalesce(json_agg(json_build_object('id', d.id, 'endpoint_id', d.endpoint_id)), '[]') FROM deliveries d WHERE d.event_id = ev.id) AS deliveries
FROM unnest($1::uuid[], $2::text[]) AS k(organization_id, idempotency_key)
  JOIN event_keys ek ON ek.organization_id = k.organization_id AND ek.idempotency_key = k.idempotency_key
  JOIN events ev ON ev.id = ek.event_id`;

function invalid(error: unknown, organization: string | null): ItemAnswer {
  if (!(error instanceof ApiError)) throw error;
  const body = error.body();
  return { status: "invalid", organization, errors: body.errors, code: body.code, field_codes: body.field_codes };
}

export async function publishBatch(items: unknown[], publishedBy: string) {
  const answers: ItemAnswer[] = new Array(items.length);
  const parsed: { index: number; input: z.infer<typeof itemSchema> }[] = [];
  items.forEach((item, index) => {
    try {
      const input = parseOrThrow(itemSchema, item, { body: true });
      if (JSON.stringify(input.data).length > MAX_EVENT_BYTES) {
        throw new Invalid({ data: [{ code: "too_long", message: `is larger than ${MAX_EVENT_BYTES / 1024} KB` }] });
      }
      parsed.push({ index, input });
    } catch (error) {
      const organization = (item as { organization?: unknown })?.organization;
      answers[index] = invalid(error, typeof organization === "string" ? organization : null);
    }
  });

  // the tenants, in one query; unknown or deleted ones answer per item
  const externalIds = [...new Set(parsed.map((p) => p.input.organization).filter((id) => EXTERNAL_ID.test(id)))];
  const { rows: tenants } = await pool().query<{ id: string; external_id: string }>(
    `SELECT id, external_id FROM organizations WHERE external_id = ANY ($1::text[]) AND deleted_at IS NULL`,
    [externalIds],
  );
  const tenantOf = new Map(tenants.map((t) => [t.external_id, t.id]));

  const rows: NewEventRow[] = [];
  const stored: { index: number; row: NewEventRow }[] = [];
  const firstWithKey = new Map<string, number>();
  const sameAsEarlier: { index: number; earlier: number }[] = [];
  for (const { index, input } of parsed) {
    const organizationId = tenantOf.get(input.organization);
    if (!organizationId) {
      answers[index] = {
        status: "invalid",
        organization: input.organization,
        errors: { organization: ["no such organization"] },
        code: "not_found",
        field_codes: { organization: ["not_found"] },
      };
      continue;
    }
    try {
      const row = { ...eventRow(organizationId, input, publishedBy), id: uuidv7() };
      if (input.id !== undefined) {
        const key = `${organizationId}|${input.id}`;
        const earlier = firstWithKey.get(key);
        if (earlier !== undefined) {
          sameAsEarlier.push({ index, earlier });
          continue;
        }
        firstWithKey.set(key, index);
      }
      rows.push(row);
      stored.push({ index, row });
    } catch (error) {
      answers[index] = invalid(error, input.organization);
    }
  }

  const created = await storeEventsNow(rows);
  // rows not stored: their (organization, id) existed already
  const missing = stored.filter((s) => !created.has(s.row.id));
  const existing = new Map<string, StoredEvent>();
  if (missing.length) {
    const keys = missing.map((m) => m.row);
    const { rows: found } = await pool().query<StoredEvent & { organization_id: string; idempotency_key: string }>(EXISTING_SQL, [
      keys.map((k) => k.organization_id),
      keys.map((k) => k.idempotency_key),
    ]);
    for (const f of found) existing.set(`${f.organization_id}|${f.idempotency_key}`, f);
  }
  const inputOf = new Map(parsed.map((p) => [p.index, p.input]));
  for (const s of stored) {
    const input = inputOf.get(s.index)!;
    const row = created.get(s.row.id) ?? existing.get(`${s.row.organization_id}|${input.id}`);
    if (!row) throw new Error("batch publish found neither a new nor an existing event");
    const { created: isNew, ...answer } = result(row, input, created.has(s.row.id));
    answers[s.index] = { status: isNew ? "accepted" : "duplicate", organization: input.organization, ...answer };
  }
  for (const { index, earlier } of sameAsEarlier) {
    const first = answers[earlier]!;
    answers[index] = first.status === "invalid" ? first : { ...first, status: "duplicate" };
  }

  const count = (status: ItemAnswer["status"]) => answers.filter((a) => a.status === status).length;
  return { accepted: count("accepted"), duplicate: count("duplicate"), invalid: count("invalid"), results: answers };
}
