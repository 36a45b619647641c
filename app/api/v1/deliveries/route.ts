import { route } from "@/lib/api/next-route";
import { limitedEnvironment, withinEnvironment } from "@/lib/api/principal";
import { listFailures } from "@/lib/webhooks/log/deliveries";
import { failureFiltersSchema } from "@/lib/webhooks/log/schemas";

export const GET = route({ query: failureFiltersSchema }, async ({ principal, query }) =>
  listFailures(principal.organizationId, {
    ...query,
    environment: withinEnvironment(principal, query.environment) ?? limitedEnvironment(principal) ?? undefined,
  }),
);
