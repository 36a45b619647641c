import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { recoverFailed } from "@/lib/webhooks/engine/resend";
import { recoverSchema } from "@/lib/webhooks/engine/schemas";

export const POST = route({ body: recoverSchema }, async ({ principal, params, body }) =>
  reply(await recoverFailed(principal.organizationId, params.id, body), 202),
);
