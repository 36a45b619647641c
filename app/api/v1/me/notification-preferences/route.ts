import { route } from "@/lib/api/next-route";
import { getPreferences, preferencesSchema, setPreferences } from "@/lib/alerts/preferences";
import { Forbidden } from "@/lib/errors";
import type { Principal } from "@/lib/api/principal";

function member(principal: Principal): string {
  if (principal.kind !== "user") throw new Forbidden("role.forbidden", "notification preferences belong to a signed-in member");
  return principal.userId;
}

/** The signed-in member's alert e-mails (on/off per kind) and the language of their messages. */
export const GET = route({ need: "read" }, async ({ principal }) => ({
  preferences: await getPreferences(member(principal), principal.organizationId),
}));

export const PUT = route({ need: "read", body: preferencesSchema }, async ({ principal, body }) => ({
  preferences: await setPreferences(member(principal), principal.organizationId, body),
}));
