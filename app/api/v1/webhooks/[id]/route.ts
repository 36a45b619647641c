import { route } from "@/lib/api/next-route";
import { canChange, withinEnvironment } from "@/lib/api/principal";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { deleteEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints/store";
import { updateEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { webhookView } from "@/lib/webhooks/log/webhook-view";

export const GET = route({}, async ({ principal, params }) => ({
  webhook: await webhookView(await getEndpoint(principal.organizationId, params.id), { revealHeaders: canChange(principal.role) }),
}));

const update = route({ body: updateEndpointSchema }, async ({ principal, params, body }) => {
  withinEnvironment(principal, body.environment);
  return { webhook: await webhookView(await updateEndpoint(principal.organizationId, params.id, body), { revealHeaders: true }) };
});
export { update as PATCH, update as PUT };

export const DELETE = route({}, async ({ principal, params }) => {
  await deleteEndpoint(principal.organizationId, params.id);
  return null;
});
