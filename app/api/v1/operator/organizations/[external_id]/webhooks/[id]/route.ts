import { operatorRoute } from "@/lib/operator/route";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { deleteEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints/store";
import { updateEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { webhookView } from "@/lib/webhooks/log/webhook-view";

export const GET = operatorRoute({ tenant: true }, async ({ tenant, params }) => ({
  webhook: await webhookView(await getEndpoint(tenant.id, params.id), { revealHeaders: true }),
}));

const update = operatorRoute(
  { tenant: true, body: updateEndpointSchema, action: "webhook.update" },
  async ({ tenant, params, body, note }) => {
    note.target = params.id;
    note.detail = { fields: Object.keys(body) };
    return { webhook: await webhookView(await updateEndpoint(tenant.id, params.id, body), { revealHeaders: true }) };
  },
);
export { update as PATCH, update as PUT };

export const DELETE = operatorRoute({ tenant: true, action: "webhook.delete" }, async ({ tenant, params, note }) => {
  note.target = params.id;
  await deleteEndpoint(tenant.id, params.id);
  return null;
});
