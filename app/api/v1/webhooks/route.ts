import { route } from "@/lib/api/next-route";
import { parseOrThrow, reply } from "@/lib/api/route";
import { createEndpoint, createPollingEndpoint, listEndpoints } from "@/lib/webhooks/endpoints/store";
import { createEndpointSchema, createPollingEndpointSchema, endpointKindSchema } from "@/lib/webhooks/endpoints/schemas";
import { webhookView, webhookViews } from "@/lib/webhooks/log/webhook-view";

export const GET = route({}, async ({ principal }) => ({ webhooks: await webhookViews(await listEndpoints(principal.organizationId)) }));

// `kind` says which body this is: a push endpoint (a URL, tested first) or a polling one (none)
export const POST = route({ body: endpointKindSchema }, async ({ principal, body }) => {
  const { endpoint, secret } =
    body.kind === "polling"
      ? await createPollingEndpoint(principal.organizationId, parseOrThrow(createPollingEndpointSchema, body))
      : await createEndpoint(principal.organizationId, parseOrThrow(createEndpointSchema, body));
  return reply({ webhook: await webhookView(endpoint, { revealHeaders: true }), secret }, 201);
});
