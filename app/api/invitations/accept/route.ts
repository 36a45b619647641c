import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { acceptInvitationSchema } from "@/lib/auth/schemas";
import { acceptInvitation } from "@/lib/auth/team";
import { signUpLimit } from "@/lib/rate-limit";

export const POST = route({ auth: "public", body: acceptInvitationSchema, rateLimit: signUpLimit }, async ({ body }) =>
  reply(await acceptInvitation(body.token, body), 201),
);
