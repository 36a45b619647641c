import { json, route } from "@/lib/api/handler";
import { createEndpoint, listEndpoints } from "@/lib/webhooks/endpoints/store";
import { createEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { serializeEndpoint } from "@/lib/webhooks/endpoints/serialize";
import { pingFailureResponse } from "@/lib/webhooks/endpoints/ping-response";

export const GET = route({}, async ({ principal }) => ({
  webhooks: (await listEndpoints(principal.organizationId)).map((e) => serializeEndpoint(e)),
}));

export const POST = route({ body: createEndpointSchema }, async ({ principal, body }) => {
  try {
    const { endpoint, secret } = await createEndpoint(principal.organizationId, body);
    return json({ webhook: serializeEndpoint(endpoint, { revealHeaders: true }), secret }, 201);
  } catch (error) {
    return pingFailureResponse(error);
  }
});
