import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { limitedEnvironment, withinEnvironment } from "@/lib/api/principal";
import { MAX_EVENT_BYTES, publishEvent, publishSchema } from "@/lib/webhooks/engine/publish";
import { listEvents } from "@/lib/webhooks/log/events";
import { eventFiltersSchema } from "@/lib/webhooks/log/schemas";

export const POST = route({ need: "publish", body: publishSchema, maxBodyBytes: MAX_EVENT_BYTES }, async ({ principal, body }) => {
  const published = await publishEvent(principal.organizationId, body, null, limitedEnvironment(principal));
  const { created, ...payload } = published;
  return reply(payload, created ? 202 : 200);
});

export const GET = route({ query: eventFiltersSchema }, async ({ principal, query }) =>
  listEvents(principal.organizationId, {
    ...query,
    environment: withinEnvironment(principal, query.environment) ?? limitedEnvironment(principal) ?? undefined,
  }),
);
