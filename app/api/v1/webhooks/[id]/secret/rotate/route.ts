import { route } from "@/lib/api/next-route";
import { rotateSecret } from "@/lib/webhooks/endpoints/secrets";

export const POST = route({}, async ({ principal, params }) => rotateSecret(principal.organizationId, params.id));
