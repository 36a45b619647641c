import { route } from "@/lib/api/next-route";
import { pingEndpoint } from "@/lib/webhooks/endpoints/ping";

export const POST = route({}, async ({ principal, params }) => ({ ping: await pingEndpoint(principal.organizationId, params.id) }));
