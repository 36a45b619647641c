import { route } from "@/lib/api/next-route";
import { z } from "zod";
import { deliverySummary, endpointHealth } from "@/lib/webhooks/log/health";

const query = z.object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() });

export const GET = route({ query }, async ({ principal, params, query }) => {
  const health = await endpointHealth(principal.organizationId, params.id);
  if (!query.from) return health;
  const summary = await deliverySummary(
    principal.organizationId,
    params.id,
    new Date(query.from),
    query.to ? new Date(query.to) : new Date(),
  );
  return { ...health, deliveries_by_status: summary };
});
