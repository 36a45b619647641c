import { route } from "@/lib/api/next-route";
import { ackFeed, ackSchema } from "@/lib/webhooks/feed/feed";

// consuming the feed is the receiver's work: a read (or publish) token may acknowledge it
export const POST = route({ need: "read", body: ackSchema }, async ({ principal, params, body }) =>
  ackFeed(principal.organizationId, params.id, body.cursor),
);
