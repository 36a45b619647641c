import { reply } from "@/lib/api/route";
import { operatorRoute } from "@/lib/operator/route";
import { MAX_EVENT_BYTES, publishEvent, publishSchema } from "@/lib/webhooks/engine/publish";
import { listEvents } from "@/lib/webhooks/log/events";
import { eventFiltersSchema } from "@/lib/webhooks/log/schemas";

// exactly POST /api/v1/events for the tenant; audited by the event itself (events.published_by)
export const POST = operatorRoute(
  { tenant: true, body: publishSchema, maxBodyBytes: MAX_EVENT_BYTES },
  async ({ tenant, operator, body }) => {
    const { created, ...payload } = await publishEvent(tenant.id, body, `operator:${operator.keyId}`);
    return reply(payload, created ? 202 : 200);
  },
);

export const GET = operatorRoute({ tenant: true, query: eventFiltersSchema }, async ({ tenant, query }) => listEvents(tenant.id, query));
