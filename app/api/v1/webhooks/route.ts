import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { createEndpointOfKind, listEndpoints } from "@/lib/webhooks/endpoints/store";
import { endpointKindSchema } from "@/lib/webhooks/endpoints/schemas";
import { webhookView, webhookViews } from "@/lib/webhooks/log/webhook-view";

export const GET = route({}, async ({ principal }) => ({ webhooks: await webhookViews(await listEndpoints(principal.organizationId)) }));

// `kind` says which body this is: a push endpoint (a URL, tested first) or a polling one (none)
export const POST = route({ body: endpointKindSchema }, async ({ principal, body }) => {
  const { endpoint, secret } = await createEndpointOfKind(principal.organizationId, body);
  return reply({ webhook: await webhookView(endpoint, { revealHeaders: true }), secret }, 201);
});
