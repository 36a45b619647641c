import { route } from "@/lib/api/handler";
import { getDelivery } from "@/lib/webhooks/log/deliveries";

export const GET = route({}, async ({ principal, params }) => getDelivery(principal.organizationId, params.id));
