import { route } from "@/lib/api/next-route";
import { getDelivery } from "@/lib/webhooks/log/deliveries";

export const GET = route({}, async ({ principal, params }) => getDelivery(principal.organizationId, params.id));
