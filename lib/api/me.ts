import { prisma } from "@/lib/db";
import { organizationsOf } from "@/lib/auth/accounts";
import { switchOrganization } from "@/lib/auth/sessions";
import { NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { sessionOf, type Principal } from "@/lib/api/principal";

/** What `GET /api/v1/me` answers: who the credentials belong to. */
export async function describePrincipal(principal: Principal) {
  const organization = await prisma.organization.findUniqueOrThrow({
    where: { id: principal.organizationId },
    select: { id: true, name: true },
  });
  if (principal.kind === "token") {
    const token = await prisma.apiToken.findUniqueOrThrow({
      where: { id: principal.tokenId },
      select: { id: true, name: true, prefix: true },
    });
    return { organization, role: principal.role, token };
  }
  const user = await prisma.user.findUniqueOrThrow({ where: { id: principal.userId }, select: { id: true, name: true, email: true } });
  return { organization, role: principal.role, user };
}

/** `GET /api/v1/me/organizations`: the user's organizations, the session's marked current; a token's own only. */
export async function listOrganizations(principal: Principal) {
  if (principal.kind === "token") {
    const { id, name } = await prisma.organization.findUniqueOrThrow({
      where: { id: principal.organizationId },
      select: { id: true, name: true },
    });
    return { organizations: [{ id, name, role: principal.role, current: true }] };
  }
  const organizations = await organizationsOf(principal.userId);
  return { organizations: organizations.map((o) => ({ ...o, current: o.id === principal.organizationId })) };
}

/** `POST /api/v1/me/organization`: the dashboard session moves to another of the user's organizations. */
export async function switchSessionOrganization(principal: Principal, organizationId: string) {
  const session = sessionOf(principal);
  const switched = isUuid(organizationId) && (await switchOrganization(session.sessionId, session.userId, organizationId));
  const organization = switched ? (await organizationsOf(session.userId)).find((o) => o.id === organizationId) : undefined;
  if (!organization) throw new NotFound("organization not found");
  return { organization: { ...organization, current: true } };
}
