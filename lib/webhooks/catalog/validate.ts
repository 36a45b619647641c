import { z } from "zod";
import type { FieldIssues } from "@/lib/errors";
import { CODED, fieldIssue, fieldIssues } from "@/lib/validation";
import { getEventType } from "./catalog";
import type { EventData, EventTypeDefinition } from "./types";

export type EventDataValidation = { ok: true; data: EventData } | { ok: false; issues: FieldIssues };

/** Checks `data` against its type's schema; errors are keyed by dotted path, e.g. "data.access_key". */
export function validateEventData(type: string, data: unknown): EventDataValidation {
  const definition = getEventType(type);
  if (!definition) return { ok: false, issues: { type: [fieldIssue("event_type.unknown", { type })] } };
  const result = definition.schema.safeParse(data, CODED);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, issues: fieldIssues(result.error, "data") };
}

/** The JSON Schema of a type's `data` as a publisher sends it (GET /api/v1/event-types). */
export function eventTypeJsonSchema(definition: EventTypeDefinition): z.core.JSONSchema.JSONSchema {
  return z.toJSONSchema(definition.schema, { target: "draft-2020-12", io: "input" });
}
