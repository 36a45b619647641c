import { json, route } from "@/lib/api/handler";
import { recoverFailed } from "@/lib/webhooks/engine/resend";
import { recoverSchema } from "@/lib/webhooks/engine/schemas";

export const POST = route({ body: recoverSchema }, async ({ principal, params, body }) =>
  json(await recoverFailed(principal.organizationId, params.id, body), 202),
);
