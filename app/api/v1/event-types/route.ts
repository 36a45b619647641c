import { route } from "@/lib/api/next-route";
import { eventTypeGroups, eventTypeJsonSchema, eventTypes } from "@/lib/webhooks/catalog";

const catalog = {
  event_types: eventTypes.map((t) => ({
    name: t.name,
    group: t.group,
    description: t.description,
    schema: eventTypeJsonSchema(t),
    example: t.example,
    sources: t.sources,
  })),
  groups: eventTypeGroups.map((g) => ({ id: g.id, label: g.label, event_types: g.eventTypes })),
};

export const GET = route({}, async () => catalog);
