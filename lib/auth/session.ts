// The signed-in user for server components and route handlers, re-checked against the database so
// a removed membership or changed role takes effect at once.
import { cache } from "react";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { prisma } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/accounts";

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const { id, organizationId } = session?.user ?? {};
  if (!id || !organizationId) return null;
  const membership = await prisma.membership.findUnique({
    where: { userId_organizationId: { userId: id, organizationId } },
    select: { role: true, user: { select: { name: true, email: true } } },
  });
  if (!membership) return null;
  return { id, organizationId, role: membership.role, name: membership.user.name, email: membership.user.email };
});
