import { route } from "@/lib/api/next-route";
import { limitedEnvironment } from "@/lib/api/principal";
import { reply } from "@/lib/api/route";
import { resendDeliveries } from "@/lib/webhooks/engine/resend";
import { bulkResendSchema } from "@/lib/webhooks/engine/schemas";

export const POST = route({ body: bulkResendSchema }, async ({ principal, body }) =>
  reply(await resendDeliveries(principal.organizationId, body, limitedEnvironment(principal)), 202),
);
