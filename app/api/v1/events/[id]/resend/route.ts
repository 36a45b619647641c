import { json, route } from "@/lib/api/handler";
import { resendEvent } from "@/lib/webhooks/engine/resend";
import { getEvent } from "@/lib/webhooks/log/events";

export const POST = route({}, async ({ principal, params }) => {
  await resendEvent(principal.organizationId, params.id);
  return json(await getEvent(principal.organizationId, params.id), 202);
});
