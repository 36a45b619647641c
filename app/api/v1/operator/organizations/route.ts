import { operatorRoute } from "@/lib/operator/route";
import { listTenants, tenantListSchema } from "@/lib/operator/tenants";

export const GET = operatorRoute({ query: tenantListSchema }, async ({ query }) => listTenants(query));
