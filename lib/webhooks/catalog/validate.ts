import { z } from "zod";
import { getEventType } from "./catalog";
import type { EventData, EventTypeDefinition } from "./types";

export type EventDataValidation = { ok: true; data: EventData } | { ok: false; errors: Record<string, string[]> };

/** Checks `data` against its type's schema; errors are keyed by dotted path, e.g. "data.access_key". */
export function validateEventData(type: string, data: unknown): EventDataValidation {
  const definition = getEventType(type);
  if (!definition) return { ok: false, errors: { type: [`Unknown event type: ${type}`] } };
  const result = definition.schema.safeParse(data);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: errorsByPath(result.error.issues) };
}

function errorsByPath(issues: readonly z.core.$ZodIssue[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = ["data", ...issue.path.map(String)].join(".");
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

/** The JSON Schema of a type's `data` as a publisher sends it (GET /api/v1/event-types). */
export function eventTypeJsonSchema(definition: EventTypeDefinition): z.core.JSONSchema.JSONSchema {
  return z.toJSONSchema(definition.schema, { target: "draft-2020-12", io: "input" });
}
