import { z } from "zod";
import { route } from "@/lib/api/next-route";
import { issue } from "@/lib/validation";
import { eventTypeGroups, eventTypeJsonSchema, eventTypes } from "@/lib/webhooks/catalog";
import { canExpress, PAYLOAD_FORMATS, renderBody, type PayloadFormat } from "@/lib/webhooks/formats/formats";

const EXAMPLE_AT = new Date("2026-11-12T13:15:04.000Z");
const EXAMPLE_EVENT_ID = "0193a0b0-0000-7000-8000-000000000001";

/** The catalog; with `format`, each type's example as that format's body (null: the format cannot express it). */
function catalog(format: PayloadFormat | undefined) {
  return {
    ...(format ? { format } : {}),
    event_types: eventTypes.map((t) => ({
      name: t.name,
      group: t.group,
      description: t.description,
      schema: eventTypeJsonSchema(t),
      example: t.example,
      sources: t.sources,
      ...(format
        ? {
            expressible: canExpress(format, t.name),
            body: (() => {
              const event = { type: t.name, createdAt: EXAMPLE_AT, data: t.example, eventId: EXAMPLE_EVENT_ID, environment: "producao" };
              const rendered = renderBody(format, event);
              return rendered && JSON.parse(rendered.body);
            })(),
          }
        : {}),
    })),
    groups: eventTypeGroups.map((g) => ({ id: g.id, label: g.label, event_types: g.eventTypes })),
  };
}

const plain = catalog(undefined);
const querySchema = z.object({ format: z.enum(PAYLOAD_FORMATS, { error: issue("invalid_option") }).optional() });

export const GET = route({ query: querySchema }, async ({ query }) => (query.format ? catalog(query.format) : plain));
