import { route } from "@/lib/api/next-route";
import { actor } from "@/lib/api/principal";
import { settlePaused } from "@/lib/webhooks/engine/paused";
import { pausedActionSchema } from "@/lib/webhooks/engine/schemas";

export const POST = route({ body: pausedActionSchema }, async ({ principal, params, body }) =>
  settlePaused(principal.organizationId, params.id, body, actor(principal)),
);
