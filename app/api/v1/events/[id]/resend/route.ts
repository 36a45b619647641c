import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { resendEvent } from "@/lib/webhooks/engine/resend";
import { eventResendSchema } from "@/lib/webhooks/engine/schemas";
import { getEvent } from "@/lib/webhooks/log/events";

export const POST = route({ body: eventResendSchema }, async ({ principal, params, body }) => {
  const queued = await resendEvent(principal.organizationId, params.id, body);
  return reply({ ...(await getEvent(principal.organizationId, params.id)), queued }, 202);
});
