import { route } from "@/lib/api/next-route";
import { sessionOf } from "@/lib/api/principal";
import { joinInvitationSchema } from "@/lib/auth/schemas";
import { joinWithInvitation } from "@/lib/auth/team";

/** Accept an invitation with the signed-in account (its e-mail must be the invited one); the session moves to the organization. */
export const POST = route({ need: "read", body: joinInvitationSchema }, async ({ principal, body }) =>
  joinWithInvitation(body.token, sessionOf(principal)),
);
