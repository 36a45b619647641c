import { json, route } from "@/lib/api/handler";
import { resendDelivery } from "@/lib/webhooks/engine/resend";
import { getDelivery } from "@/lib/webhooks/log/deliveries";

export const POST = route({}, async ({ principal, params }) => {
  await resendDelivery(principal.organizationId, params.id);
  return json(await getDelivery(principal.organizationId, params.id), 202);
});
