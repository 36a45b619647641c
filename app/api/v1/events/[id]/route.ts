import { route } from "@/lib/api/handler";
import { getEvent } from "@/lib/webhooks/events-log";

export const GET = route({}, async ({ principal, params }) => getEvent(principal.organizationId, params.id));
