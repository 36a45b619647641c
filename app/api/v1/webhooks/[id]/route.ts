import { route } from "@/lib/api/next-route";
import { canChange } from "@/lib/api/principal";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { deleteEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints/store";
import { updateEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { serializeEndpoint, type EndpointRow } from "@/lib/webhooks/endpoints/serialize";
import { pausedCounts } from "@/lib/webhooks/engine/paused";

async function shown(endpoint: EndpointRow, revealHeaders: boolean) {
  const paused = await pausedCounts([endpoint.id]);
  return { webhook: { ...serializeEndpoint(endpoint, { revealHeaders }), paused_deliveries: paused.get(endpoint.id)! } };
}

export const GET = route({}, async ({ principal, params }) =>
  shown(await getEndpoint(principal.organizationId, params.id), canChange(principal.role)),
);

const update = route({ body: updateEndpointSchema }, async ({ principal, params, body }) =>
  shown(await updateEndpoint(principal.organizationId, params.id, body), true),
);
export { update as PATCH, update as PUT };

export const DELETE = route({}, async ({ principal, params }) => {
  await deleteEndpoint(principal.organizationId, params.id);
  return null;
});
