// Portal sessions (platform mode): the operator asks for a URL that signs a browser in as a user of
// one tenant, on that tenant's webhook screens only. The URL carries 32 random bytes (only their
// SHA-256 is stored, lib/auth/links.ts), works once, and must be opened within 10 minutes; the
// session it opens is bound to the organization and the user, lasts `expires_in` (at most 8 hours),
// and reaches nothing but the webhook screens and their API routes (lib/api/principal.ts,
// lib/auth/portal-pages.ts). The user is created on first use (no password: they come in through
// the integrator) and made a member with the given role; an existing member's role becomes the one
// given (an owner stays owner).
import "server-only";
import { z } from "zod";
import { createLinkExpiring, useLink, appLink } from "@/lib/auth/links";
import { startSession } from "@/lib/auth/sessions";
import { pool, prisma } from "@/lib/db";
import { locales, type Locale } from "@/lib/i18n/config";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Tenant } from "@/lib/operator/tenants";
import { issue, requiredText } from "@/lib/validation";

export const PORTAL_MAX_SECONDS = 8 * 3600;

export const portalSessionSchema = z.object({
  user: z.object(
    {
      email: requiredText()
        .trim()
        .toLowerCase()
        .pipe(z.email(issue("email.invalid"))),
      name: z.string().trim().max(120, issue("too_long")).optional(),
    },
    { error: issue("not_object") },
  ),
  role: z.enum(["admin", "viewer"], { error: issue("invalid_option") }),
  locale: z.enum(locales, { error: issue("invalid_option") }).optional(),
  expires_in: z.coerce
    .number({ error: issue("invalid") })
    .int(issue("invalid"))
    .min(60, issue("invalid"))
    .max(PORTAL_MAX_SECONDS, issue("invalid"))
    .default(PORTAL_MAX_SECONDS),
});
export type PortalSessionInput = z.infer<typeof portalSessionSchema>;

interface PortalDetail {
  name?: string;
  locale?: Locale;
  session_seconds: number;
}

/** The URL the operator hands to the browser (append `?embed=1` to frame it). */
export async function createPortalLink(tenant: Tenant, input: PortalSessionInput): Promise<{ url: string; expires_at: string }> {
  const detail: PortalDetail = { name: input.user.name, locale: input.locale, session_seconds: input.expires_in };
  const { token, expiresAt } = await createLinkExpiring({
    kind: "portal",
    email: input.user.email,
    organizationId: tenant.id,
    role: input.role,
    detail: { ...detail },
  });
  return { url: appLink(`/portal/${token}`), expires_at: expiresAt.toISOString() };
}

export interface PortalEntry {
  userId: string;
  organizationId: string;
  sessionId: string;
  name: string;
  email: string;
  role: Role;
  locale?: Locale;
  expiresAt: Date;
}

/** An unusable password: portal users come in through the integrator (a reset link can give them one). */
const NO_PASSWORD = "portal!";

/** Uses the link (once) and opens the session; null when it is unknown, used, expired, or its tenant is gone. */
export async function enterPortal(token: string): Promise<PortalEntry | null> {
  const link = await useLink("portal", token);
  if (!link?.organization_id || !link.role) return null;
  const organization = await prisma.organization.findFirst({ where: { id: link.organization_id, deletedAt: null }, select: { id: true } });
  if (!organization) return null;
  const detail = (link.detail ?? {}) as Partial<PortalDetail>;
  const user = await prisma.user.upsert({
    where: { email: link.email },
    create: {
      email: link.email,
      name: detail.name || link.email.split("@")[0]!,
      passwordHash: NO_PASSWORD,
      locale: detail.locale ?? "pt-BR",
    },
    update: {},
    select: { id: true, name: true, email: true },
  });
  const { rows } = await pool().query<{ role: Role }>(
    `INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, $3::"Role")
     ON CONFLICT (user_id, organization_id) DO UPDATE SET role = CASE WHEN memberships.role = 'owner' THEN memberships.role ELSE excluded.role END
     RETURNING role`,
    [user.id, organization.id, link.role],
  );
  const seconds = Math.min(Number(detail.session_seconds) || PORTAL_MAX_SECONDS, PORTAL_MAX_SECONDS);
  const expiresAt = new Date(Date.now() + seconds * 1000);
  const sessionId = await startSession(user.id, organization.id, { expiresAt });
  return {
    userId: user.id,
    organizationId: organization.id,
    sessionId,
    name: user.name,
    email: user.email,
    role: rows[0]!.role,
    locale: detail.locale,
    expiresAt,
  };
}
