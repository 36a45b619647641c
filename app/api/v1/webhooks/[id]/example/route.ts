import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { actor } from "@/lib/api/principal";
import { MAX_EVENT_BYTES } from "@/lib/webhooks/engine/publish";
import { exampleSchema, sendExample } from "@/lib/webhooks/engine/example";

// {type, data?}: an example event to this webhook only, sent now as a manual attempt (202)
export const POST = route({ body: exampleSchema, maxBodyBytes: MAX_EVENT_BYTES }, async ({ principal, params, body }) =>
  reply(await sendExample(principal.organizationId, params.id, body, actor(principal)), 202),
);
