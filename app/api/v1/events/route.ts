import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { limitedEnvironment, withinEnvironment } from "@/lib/api/principal";
import { MAX_EVENT_BYTES, publishEvent, publishSchema, publishWithToken, type PublishResult } from "@/lib/webhooks/engine/publish";
import { listEvents } from "@/lib/webhooks/log/events";
import { eventFiltersSchema } from "@/lib/webhooks/log/schemas";

const answered = ({ created, ...payload }: PublishResult) => reply(payload, created ? 202 : 200);

export const POST = route(
  {
    need: "publish",
    body: publishSchema,
    maxBodyBytes: MAX_EVENT_BYTES,
    // an API token is checked by the statement that stores the event: one statement per publish
    withToken: async ({ tokenHash, body }) => {
      const { organizationId, published } = await publishWithToken(tokenHash, body);
      return { organizationId, reply: answered(published) };
    },
  },
  async ({ principal, body }) => answered(await publishEvent(principal.organizationId, body, null, limitedEnvironment(principal))),
);

export const GET = route({ query: eventFiltersSchema }, async ({ principal, query }) =>
  listEvents(principal.organizationId, {
    ...query,
    environment: withinEnvironment(principal, query.environment) ?? limitedEnvironment(principal) ?? undefined,
  }),
);
