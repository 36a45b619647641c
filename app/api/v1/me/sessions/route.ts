import { route } from "@/lib/api/next-route";
import { endAllSessions } from "@/lib/auth/sessions";
import { Forbidden } from "@/lib/errors";

/** Sign out everywhere: every open dashboard session of the signed-in user ends, this one too. */
export const DELETE = route({ need: "read" }, async ({ principal }) => {
  if (principal.kind !== "user") throw new Forbidden("role.forbidden", "only a signed-in user has sessions to end");
  return { ended: await endAllSessions(principal.userId) };
});
