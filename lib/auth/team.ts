// The team: password resets, invitations, role changes and removals. An invitation creates the
// person's account, or adds the account their e-mail already has to the organization. A removed
// member loses their sessions in the organization and their API tokens; the last owner can be
// neither removed nor demoted. Messages go through the outbox (lib/mail/outbox.ts).
import { prisma } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Locale } from "@/lib/i18n/config";
import { queueMessage } from "@/lib/mail/outbox";
import { hashPassword } from "@/lib/auth/password";
import { endAllSessions, endSessionsIn, switchOrganization } from "@/lib/auth/sessions";
import { revokeTokensOf } from "@/lib/auth/tokens";
import { appLink, createLink, peekLink, useLink } from "@/lib/auth/links";
import { fieldIssue } from "@/lib/validation";

/**
 * "Esqueci minha senha": a link by e-mail when the address has an account. The answer is the same
 * whether it does or not (the caller never learns which e-mails exist).
 */
export async function requestPasswordReset(email: string, locale: Locale): Promise<void> {
  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, name: true, email: true },
  });
  if (!user) return;
  const token = await createLink({ kind: "password_reset", email: user.email, userId: user.id });
  await queueMessage({
    kind: "password_reset",
    to: user.email,
    locale,
    params: { name: user.name, link: appLink(`/reset-password?token=${token}`) },
  });
}

/** An admin's reset link for a member (for when no SMTP server is configured): answered, not sent. */
/**
 * A password is the person's, not the organization's: an admin may make a reset link only for a
 * member who belongs to no other organization (the password would open those too) and whose role is
 * not above the admin's (an admin cannot take over an owner's account). `actorRole`: the caller's.
 */
export async function memberResetLink(
  organizationId: string,
  userId: string,
  createdById: string | null,
  actorRole: Role = "owner",
): Promise<string> {
  const member = isUuid(userId)
    ? await prisma.membership.findUnique({
        where: { userId_organizationId: { userId, organizationId } },
        select: { role: true, user: { select: { id: true, email: true, _count: { select: { memberships: true } } } } },
      })
    : null;
  if (!member) throw new NotFound("member not found");
  if (member.role === "owner" && actorRole !== "owner") {
    throw new Forbidden("role.forbidden", "only an owner can make a password link for an owner");
  }
  if (member.user._count.memberships > 1) {
    throw new Conflict("this person also belongs to another organization: they reset their password themselves (Esqueci minha senha)");
  }
  const token = await createLink({ kind: "password_reset", email: member.user.email, userId, createdById });
  return appLink(`/reset-password?token=${token}`);
}

const linkInvalid = () => new Invalid({ token: [fieldIssue("link.invalid")] }, "invalid");

/** Sets the new password; every session of the user ends (this one was a link, not a session). */
export async function resetPassword(token: string, password: string): Promise<void> {
  const link = await useLink("password_reset", token);
  if (!link?.user_id) throw linkInvalid();
  await prisma.user.update({ where: { id: link.user_id }, data: { passwordHash: await hashPassword(password) } });
  await endAllSessions(link.user_id);
}

export async function invite(
  organizationId: string,
  input: { email: string; role: Role },
  invitedBy: { id: string | null; name: string },
  locale: Locale,
): Promise<{ link: string; message_status: string }> {
  const email = input.email.trim().toLowerCase();
  const member = await prisma.membership.findFirst({ where: { organizationId, user: { email } }, select: { userId: true } });
  if (member) throw new Invalid({ email: [fieldIssue("member.exists")] }, "invalid");
  const organization = await prisma.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true } });
  const token = await createLink({ kind: "invitation", email, organizationId, role: input.role, createdById: invitedBy.id });
  const link = appLink(`/invite?token=${token}`);
  const message = await queueMessage({
    kind: "invitation",
    to: email,
    locale,
    organizationId,
    params: { organization: organization.name, invitedBy: invitedBy.name, role: input.role, link },
  });
  return { link, message_status: message.status };
}

/** What the invitation page shows: whom it invites, to which organization, and whether that e-mail has an account. */
export async function invitationDetails(token: string) {
  const link = await peekLink("invitation", token);
  if (!link?.organization) return null;
  const account = await prisma.user.findUnique({ where: { email: link.email }, select: { id: true } });
  return { email: link.email, organization: link.organization.name, hasAccount: account !== null };
}

const emailTaken = () => new Invalid({ token: [fieldIssue("email.taken")] }, "email.taken");

/**
 * Accepting an invitation creates the person's account. An e-mail that already has one is refused
 * before the link is used: that account joins with it instead (joinWithInvitation).
 */
export async function acceptInvitation(token: string, input: { name: string; password: string }): Promise<{ email: string }> {
  if ((await invitationDetails(token))?.hasAccount) throw emailTaken();
  const link = await useLink("invitation", token);
  if (!link?.organization_id || !link.role) throw linkInvalid();
  await prisma.user
    .create({
      data: {
        email: link.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
        memberships: { create: { organizationId: link.organization_id, role: link.role } },
      },
    })
    .catch((error: unknown) => {
      // an account made for the e-mail since the check above: the unique index decides
      if ((error as { code?: string }).code === "P2002") throw emailTaken();
      throw error;
    });
  return { email: link.email };
}

/**
 * Accepting an invitation with the account its e-mail already has, signed in: the user becomes a member
 * with the invited role (a member already stays as they are), the link is used, and this session moves
 * to the organization. Signed in as anyone else, the link is refused and stays usable.
 */
export async function joinWithInvitation(
  token: string,
  session: { userId: string; sessionId: string },
): Promise<{ organization_id: string }> {
  const [invitation, user] = await Promise.all([
    peekLink("invitation", token),
    prisma.user.findUniqueOrThrow({ where: { id: session.userId }, select: { email: true } }),
  ]);
  if (invitation && invitation.email !== user.email) {
    throw new Forbidden("invitation.other_email", "this invitation is for another e-mail address");
  }
  const link = await useLink("invitation", token);
  if (!link?.organization_id || !link.role) throw linkInvalid();
  await prisma.membership.createMany({
    data: [{ userId: session.userId, organizationId: link.organization_id, role: link.role }],
    skipDuplicates: true,
  });
  await switchOrganization(session.sessionId, session.userId, link.organization_id);
  return { organization_id: link.organization_id };
}

async function ownersOf(organizationId: string): Promise<number> {
  return prisma.membership.count({ where: { organizationId, role: "owner" } });
}

/** Only owners make or unmake owners; the last owner stays an owner. */
export async function changeRole(organizationId: string, userId: string, role: Role, by: Role): Promise<void> {
  const member = isUuid(userId)
    ? await prisma.membership.findUnique({ where: { userId_organizationId: { userId, organizationId } }, select: { role: true } })
    : null;
  if (!member) throw new NotFound("member not found");
  if ((role === "owner" || member.role === "owner") && by !== "owner") {
    throw new Invalid({ role: [fieldIssue("role.owner_only")] }, "invalid");
  }
  if (member.role === "owner" && role !== "owner" && (await ownersOf(organizationId)) <= 1)
    throw new Conflict("the last owner cannot be demoted");
  await prisma.membership.update({ where: { userId_organizationId: { userId, organizationId } }, data: { role } });
}

/** Removes the member: their API tokens in the organization are revoked and their sessions in it end. */
export async function removeMember(organizationId: string, userId: string, by: Role): Promise<void> {
  const member = isUuid(userId)
    ? await prisma.membership.findUnique({ where: { userId_organizationId: { userId, organizationId } }, select: { role: true } })
    : null;
  if (!member) throw new NotFound("member not found");
  if (member.role === "owner" && by !== "owner") throw new Invalid({ role: [fieldIssue("role.owner_only")] }, "invalid");
  if (member.role === "owner" && (await ownersOf(organizationId)) <= 1) throw new Conflict("the last owner cannot be removed");
  await prisma.membership.delete({ where: { userId_organizationId: { userId, organizationId } } });
  await revokeTokensOf(organizationId, userId);
  await endSessionsIn(userId, organizationId);
}
