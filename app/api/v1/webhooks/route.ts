import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { createEndpoint, listEndpoints } from "@/lib/webhooks/endpoints/store";
import { createEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { webhookView, webhookViews } from "@/lib/webhooks/log/webhook-view";

export const GET = route({}, async ({ principal }) => ({ webhooks: await webhookViews(await listEndpoints(principal.organizationId)) }));

export const POST = route({ body: createEndpointSchema }, async ({ principal, body }) => {
  const { endpoint, secret } = await createEndpoint(principal.organizationId, body);
  return reply({ webhook: await webhookView(endpoint, { revealHeaders: true }), secret }, 201);
});
