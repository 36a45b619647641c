// Single-use links: a password reset (1 hour), an invitation (7 days) and a portal link (10 minutes,
// lib/operator/portal.ts). The link carries 32 random
// bytes; only their SHA-256 is stored, and using a link marks it used in the same statement that
// finds it, so two clicks cannot both succeed.
import { createHash, randomBytes } from "node:crypto";
import { pool, prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";

export type LinkKind = "password_reset" | "invitation" | "portal";

export const LINK_LIFETIME_MS: Record<LinkKind, number> = { password_reset: 3_600_000, invitation: 7 * 86_400_000, portal: 600_000 };

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** The dashboard's public address for `path` (APP_URL, else this machine on PORT). */
export function appLink(path: string): string {
  return `${env.APP_URL ?? `http://localhost:${env.PORT}`}${path}`;
}

export async function createLink(link: {
  kind: LinkKind;
  email: string;
  userId?: string | null;
  organizationId?: string | null;
  role?: Role | null;
  createdById?: string | null;
  detail?: Record<string, unknown>;
}): Promise<string> {
  return (await createLinkExpiring(link)).token;
}

/** createLink, answering also when the link stops working. */
export async function createLinkExpiring(link: Parameters<typeof createLink>[0]): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + LINK_LIFETIME_MS[link.kind]);
  await prisma.oneTimeLink.create({
    data: { ...link, detail: link.detail as object | undefined, tokenHash: hash(token), expiresAt },
  });
  return { token, expiresAt };
}

export interface UsedLink {
  id: string;
  email: string;
  user_id: string | null;
  organization_id: string | null;
  role: Role | null;
  created_by_id: string | null;
  detail: Record<string, unknown> | null;
}

/** Marks the link used and answers it, or null when it is unknown, expired, used, or of another kind. */
export async function useLink(kind: LinkKind, token: string): Promise<UsedLink | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const { rows } = await pool().query<UsedLink>(
    `UPDATE one_time_links SET used_at = now()
     WHERE token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > now()
     RETURNING id, email, user_id, organization_id, role, created_by_id, detail`,
    [hash(token), kind],
  );
  return rows[0] ?? null;
}

/** A link's details without using it (the page shows whom an invitation is for). */
export async function peekLink(kind: LinkKind, token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return prisma.oneTimeLink.findFirst({
    where: { tokenHash: hash(token), kind, usedAt: null, expiresAt: { gt: new Date() } },
    select: { email: true, role: true, organization: { select: { name: true } } },
  });
}
