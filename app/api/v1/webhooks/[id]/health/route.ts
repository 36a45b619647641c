import { route } from "@/lib/api/next-route";
import { z } from "zod";
import { isoDate } from "@/lib/validation";
import { deliverySummary, endpointHealth } from "@/lib/webhooks/log/health";

// the same dates the delivery log's filters take
const query = z.object({ from: isoDate.optional(), to: isoDate.optional() });

export const GET = route({ query }, async ({ principal, params, query }) => {
  const health = await endpointHealth(principal.organizationId, params.id);
  if (!query.from) return health;
  const summary = await deliverySummary(principal.organizationId, params.id, query.from, query.to ?? new Date());
  return { ...health, deliveries_by_status: summary };
});
