import { z } from "zod";
import { listOperatorActions, operatorRoute } from "@/lib/operator/route";

const auditQuery = z.object({
  organization: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// what the operator keys did, newest first (optionally for one tenant)
export const GET = operatorRoute({ query: auditQuery }, async ({ query }) => ({
  actions: await listOperatorActions({ externalId: query.organization, limit: query.limit }),
}));
