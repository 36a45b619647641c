import { route } from "@/lib/api/next-route";
import { rotateSecretSchema } from "@/lib/webhooks/endpoints/schemas";
import { rotateSecret } from "@/lib/webhooks/endpoints/secrets";

export const POST = route({ body: rotateSecretSchema }, async ({ principal, params, body }) =>
  rotateSecret(principal.organizationId, params.id, body.previous_secret_expires_in),
);
