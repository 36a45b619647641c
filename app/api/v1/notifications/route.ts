import { route } from "@/lib/api/next-route";
import { listNotifications, notificationsQuerySchema } from "@/lib/alerts/preferences";

/** What the product told the organization's people (alerts, invitations), by e-mail and chat, and whether it went out. */
export const GET = route({ need: "admin", query: notificationsQuerySchema }, async ({ principal, query }) =>
  listNotifications(principal.organizationId, query),
);
