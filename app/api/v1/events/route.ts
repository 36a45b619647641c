import { json, route } from "@/lib/api/handler";
import { MAX_EVENT_BYTES, publishEvent, publishSchema } from "@/lib/webhooks/publish";

export const POST = route({ body: publishSchema, maxBodyBytes: MAX_EVENT_BYTES }, async ({ principal, body }) => {
  const published = await publishEvent(principal.organizationId, body);
  const { created, ...payload } = published;
  return json(payload, created ? 202 : 200);
});
