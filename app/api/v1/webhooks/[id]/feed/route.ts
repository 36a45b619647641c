import { route } from "@/lib/api/next-route";
import { feedQuerySchema, readFeed } from "@/lib/webhooks/feed/feed";

// ?after=&limit=&wait=: the endpoint's messages in order, held open up to `wait` seconds when empty
export const GET = route({ query: feedQuerySchema }, async ({ principal, params, query }) =>
  readFeed(principal.organizationId, params.id, query),
);
