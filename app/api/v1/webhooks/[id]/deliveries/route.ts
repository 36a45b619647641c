import { route } from "@/lib/api/next-route";
import { listDeliveries } from "@/lib/webhooks/log/deliveries";
import { deliveryFiltersSchema } from "@/lib/webhooks/log/schemas";

export const GET = route({ query: deliveryFiltersSchema }, async ({ principal, params, query }) =>
  listDeliveries(principal.organizationId, params.id, query),
);
