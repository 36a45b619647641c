import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { invitationSchema } from "@/lib/auth/schemas";
import { invite } from "@/lib/auth/team";
import { prisma } from "@/lib/db";

/** Invite by e-mail with a role; the answer carries the link (shown to the admin when no SMTP server is configured). */
export const POST = route({ body: invitationSchema }, async ({ principal, body }) => {
  const inviterId = principal.kind === "user" ? principal.userId : principal.createdById;
  const inviter = inviterId ? await prisma.user.findUnique({ where: { id: inviterId }, select: { name: true } }) : null;
  const invitation = await invite(principal.organizationId, body, { id: inviterId, name: inviter?.name ?? "NF-e Webhooks" }, body.locale);
  return reply({ invitation }, 201);
});
