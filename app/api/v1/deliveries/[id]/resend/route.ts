import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { resendDelivery } from "@/lib/webhooks/engine/resend";
import { getDelivery } from "@/lib/webhooks/log/deliveries";

export const POST = route({}, async ({ principal, params }) => {
  await resendDelivery(principal.organizationId, params.id);
  return reply(await getDelivery(principal.organizationId, params.id), 202);
});
