import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { resendEvent } from "@/lib/webhooks/engine/resend";
import { getEvent } from "@/lib/webhooks/log/events";

export const POST = route({}, async ({ principal, params }) => {
  await resendEvent(principal.organizationId, params.id);
  return reply(await getEvent(principal.organizationId, params.id), 202);
});
