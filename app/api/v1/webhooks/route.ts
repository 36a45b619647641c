import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { createEndpoint, listEndpoints } from "@/lib/webhooks/endpoints/store";
import { createEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { serializeEndpoint } from "@/lib/webhooks/endpoints/serialize";

export const GET = route({}, async ({ principal }) => ({
  webhooks: (await listEndpoints(principal.organizationId)).map((e) => serializeEndpoint(e)),
}));

export const POST = route({ body: createEndpointSchema }, async ({ principal, body }) => {
  const { endpoint, secret } = await createEndpoint(principal.organizationId, body);
  return reply({ webhook: serializeEndpoint(endpoint, { revealHeaders: true }), secret }, 201);
});
