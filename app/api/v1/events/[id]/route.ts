import { route } from "@/lib/api/next-route";
import { getEvent } from "@/lib/webhooks/log/events";

export const GET = route({}, async ({ principal, params }) => getEvent(principal.organizationId, params.id));
