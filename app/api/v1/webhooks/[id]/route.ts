import { route } from "@/lib/api/handler";
import { canChange } from "@/lib/api/principal";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints/store";
import { updateEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { serializeEndpoint } from "@/lib/webhooks/endpoints/serialize";
import { pingFailureResponse } from "@/lib/webhooks/endpoints/ping-response";

export const GET = route({}, async ({ principal, params }) => ({
  webhook: serializeEndpoint(await getEndpoint(principal.organizationId, params.id), { revealHeaders: canChange(principal.role) }),
}));

const update = route({ body: updateEndpointSchema }, async ({ principal, params, body }) => {
  try {
    return { webhook: serializeEndpoint(await updateEndpoint(principal.organizationId, params.id, body), { revealHeaders: true }) };
  } catch (error) {
    return pingFailureResponse(error);
  }
});
export { update as PATCH, update as PUT };

export const DELETE = route({}, async ({ principal, params }) => {
  await deleteEndpoint(principal.organizationId, params.id);
  return null;
});
