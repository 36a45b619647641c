// Users, organizations and memberships: sign-up, sign-in checks, and the operator's bootstrap.
import "server-only";
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import { Invalid } from "@/lib/errors";
import { fieldIssue } from "@/lib/validation";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/generated/prisma/enums";
import type { SignUpInput } from "@/lib/auth/schemas";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  organizationId: string;
  role: Role;
  /** the server-side session a cookie belongs to (none outside a request) */
  sessionId?: string;
  /** a portal session (platform mode): this organization's webhook screens only */
  portal?: boolean;
}

const emailTaken = () => new Invalid({ email: [fieldIssue("email.taken")] }, "email.taken");

export async function signUp(input: SignUpInput): Promise<SessionUser> {
  const existing = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  const user = await prisma.user
    .create({
      data: {
        name: input.name,
        email: input.email,
        passwordHash,
        memberships: { create: { role: "owner", organization: { create: { name: input.organization } } } },
      },
      include: { memberships: true },
    })
    .catch((error: unknown) => {
      // two sign-ups racing for the same e-mail: the unique index decides
      if ((error as { code?: string }).code === "P2002") throw emailTaken();
      throw error;
    });
  const membership = user.memberships[0]!;
  return { id: user.id, name: user.name, email: user.email, organizationId: membership.organizationId, role: membership.role };
}

/** The user's first organization (oldest membership): the one their session works in. */
export async function sessionUserFor(userId: string): Promise<SessionUser | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    include: { memberships: { orderBy: { createdAt: "asc" }, take: 1 } },
  });
  const membership = user?.memberships[0];
  if (!user || !membership) return null;
  return { id: user.id, name: user.name, email: user.email, organizationId: membership.organizationId, role: membership.role };
}

export async function checkCredentials(email: string, password: string): Promise<SessionUser | null> {
  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, passwordHash: true },
  });
  // Hash anyway when the user is unknown so timing does not reveal which e-mails exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return user && ok ? sessionUserFor(user.id) : null;
}

const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A".repeat(86) + "==";

/** Finds or creates the user and an organization of theirs named `organization` (operators' bootstrap). */
export async function ensureAccount(email: string, organization: string): Promise<{ user: SessionUser; password?: string }> {
  const normalized = email.trim().toLowerCase();
  let user = await prisma.user.findUnique({ where: { email: normalized }, select: { id: true } });
  let password: string | undefined;
  if (!user) {
    password = randomBytes(12).toString("base64url");
    user = await prisma.user.create({
      data: { email: normalized, name: normalized.split("@")[0]!, passwordHash: await hashPassword(password) },
      select: { id: true },
    });
  }
  const membership = await prisma.membership.findFirst({
    where: { userId: user.id, organization: { name: organization } },
    orderBy: { createdAt: "asc" },
  });
  const org = membership
    ? { id: membership.organizationId, role: membership.role }
    : await prisma.organization
        .create({ data: { name: organization, memberships: { create: { userId: user.id, role: "owner" } } } })
        .then((o) => ({ id: o.id, role: "owner" as const }));
  const session = (await sessionUserFor(user.id))!;
  return { user: { ...session, organizationId: org.id, role: org.role }, password };
}

export function listMembers(organizationId: string) {
  return prisma.membership.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
}

/** The user's organizations with their role in each, oldest membership first (where a sign-in lands). */
export async function organizationsOf(userId: string) {
  const memberships = await prisma.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, organization: { select: { id: true, name: true } } },
  });
  return memberships.map((m) => ({ id: m.organization.id, name: m.organization.name, role: m.role }));
}

export function getOrganization(organizationId: string) {
  return prisma.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { id: true, name: true, createdAt: true } });
}
