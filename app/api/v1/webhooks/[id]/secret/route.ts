import { route } from "@/lib/api/next-route";
import { revealSecret } from "@/lib/webhooks/endpoints/secrets";

// Revealing a secret is an admin action even though it is a GET.
export const GET = route({ need: "admin" }, async ({ principal, params }) => revealSecret(principal.organizationId, params.id));
