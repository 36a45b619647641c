import { prisma } from "@/lib/db";
import type { Principal } from "@/lib/api/principal";

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
