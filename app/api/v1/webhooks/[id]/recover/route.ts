import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { recoverDeliveries } from "@/lib/webhooks/engine/resend";
import { recoverSchema } from "@/lib/webhooks/engine/schemas";

export const POST = route({ body: recoverSchema }, async ({ principal, params, body }) => {
  const recovered = await recoverDeliveries(principal.organizationId, params.id, body);
  return reply(recovered, body.dry_run ? 200 : 202);
});
