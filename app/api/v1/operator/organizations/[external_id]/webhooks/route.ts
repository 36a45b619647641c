import { reply } from "@/lib/api/route";
import { operatorRoute } from "@/lib/operator/route";
import { createEndpointOfKind, listEndpoints } from "@/lib/webhooks/endpoints/store";
import { endpointKindSchema } from "@/lib/webhooks/endpoints/schemas";
import { webhookView, webhookViews } from "@/lib/webhooks/log/webhook-view";

// the same shapes as /api/v1/webhooks, for the tenant
export const GET = operatorRoute({ tenant: true }, async ({ tenant }) => ({
  webhooks: await webhookViews(await listEndpoints(tenant.id)),
}));

export const POST = operatorRoute({ tenant: true, body: endpointKindSchema, action: "webhook.create" }, async ({ tenant, body, note }) => {
  const { endpoint, secret } = await createEndpointOfKind(tenant.id, body);
  note.target = endpoint.id;
  return reply({ webhook: await webhookView(endpoint, { revealHeaders: true }), secret }, 201);
});
