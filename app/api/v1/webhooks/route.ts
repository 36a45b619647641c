import { z } from "zod";
import { route } from "@/lib/api/next-route";
import { limitedEnvironment, withinEnvironment } from "@/lib/api/principal";
import { reply } from "@/lib/api/route";
import { issue } from "@/lib/validation";
import { createEndpointOfKind, listEndpoints } from "@/lib/webhooks/endpoints/store";
import { endpointKindSchema } from "@/lib/webhooks/endpoints/schemas";
import { ENVIRONMENTS } from "@/lib/webhooks/environments";
import { webhookView, webhookViews } from "@/lib/webhooks/log/webhook-view";

const listSchema = z.object({ environment: z.enum(ENVIRONMENTS, { error: issue("invalid_option") }).optional() });

// a token limited to one environment lists (and makes) only that environment's webhooks
export const GET = route({ query: listSchema }, async ({ principal, query }) => {
  const environment = withinEnvironment(principal, query.environment) ?? limitedEnvironment(principal);
  return { webhooks: await webhookViews(await listEndpoints(principal.organizationId, environment)) };
});

// `kind` says which body this is: a push endpoint (a URL, tested first) or a polling one (none)
export const POST = route({ body: endpointKindSchema }, async ({ principal, body }) => {
  const asked = typeof body.environment === "string" ? (body.environment as (typeof ENVIRONMENTS)[number]) : undefined;
  const environment = withinEnvironment(principal, asked) ?? limitedEnvironment(principal) ?? body.environment;
  const { endpoint, secret } = await createEndpointOfKind(principal.organizationId, { ...body, environment });
  return reply({ webhook: await webhookView(endpoint, { revealHeaders: true }), secret }, 201);
});
