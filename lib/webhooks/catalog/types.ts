import type { z } from "zod";

export type EventGroup = "nfe" | "nfce" | "nfse" | "operation" | "asset" | "alert" | "webhook";

export interface LocalizedText {
  "pt-BR": string;
  en: string;
}

/** Shape of every event's `data`: a JSON object (unknown keys are kept). */
export type EventData = Record<string, unknown>;

export interface EventTypeDefinition<Name extends string = string> {
  name: Name;
  group: EventGroup;
  description: LocalizedText;
  schema: z.ZodType<EventData>;
  example: EventData;
  /** Source API events this type stands for, e.g. "Fast Notas: document_success". Empty: our own addition. */
  sources: string[];
}

/** Keeps the literal `name`, so the catalog can derive the `EventTypeName` union. */
export function defineEventType<const Name extends string>(definition: EventTypeDefinition<Name>): EventTypeDefinition<Name> {
  return definition;
}
