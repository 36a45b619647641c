import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { createEndpoint, listEndpoints } from "@/lib/webhooks/endpoints/store";
import { createEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { serializeEndpoint } from "@/lib/webhooks/endpoints/serialize";
import { pausedCounts } from "@/lib/webhooks/engine/paused";

export const GET = route({}, async ({ principal }) => {
  const endpoints = await listEndpoints(principal.organizationId);
  const paused = await pausedCounts(endpoints.map((e) => e.id));
  return { webhooks: endpoints.map((e) => ({ ...serializeEndpoint(e), paused_deliveries: paused.get(e.id)! })) };
});

export const POST = route({ body: createEndpointSchema }, async ({ principal, body }) => {
  const { endpoint, secret } = await createEndpoint(principal.organizationId, body);
  return reply({ webhook: serializeEndpoint(endpoint, { revealHeaders: true }), secret }, 201);
});
