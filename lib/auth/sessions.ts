// Sessions on the server: each sign-in opens a row whose id the session cookie (a next-auth JWT)
// carries, and every request checks that row in the same statement that reads the membership. A
// cookie therefore stops working the moment its session ends: sign-out ends it, "sign out
// everywhere" (and a password change) ends all of a user's, a removed membership ends the user's
// access to that organization. A session also ends after SESSION_IDLE_HOURS without a request
// (renewed as it is used, at most once a minute) and SESSION_MAX_DAYS after the sign-in.
// The row also says which of the user's organizations the session works in (the cookie's until the
// user switches): the cookie is signed once, at sign-in, while the row can change.
import "server-only";
import { pool, prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";

/** A portal session (lib/operator/portal.ts) is bound to its organization and ends at `expiresAt`. */
export async function startSession(userId: string, organizationId?: string, portal?: { expiresAt: Date }): Promise<string> {
  const session = await prisma.session.create({
    data: { userId, organizationId, ...(portal ? { portal: true, expiresAt: portal.expiresAt } : {}) },
    select: { id: true },
  });
  return session.id;
}

export async function endSession(sessionId: string): Promise<void> {
  await prisma.session.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date() } });
}

/** Every open session of the user ends (sign out everywhere, a new password). */
export async function endAllSessions(userId: string): Promise<number> {
  const { count } = await prisma.session.updateMany({ where: { userId, endedAt: null }, data: { endedAt: new Date() } });
  return count;
}

/** The user's open sessions working in the organization (and those that only their cookie places) end. */
export async function endSessionsIn(userId: string, organizationId: string): Promise<void> {
  await prisma.session.updateMany({
    where: { userId, endedAt: null, OR: [{ organizationId }, { organizationId: null }] },
    data: { endedAt: new Date() },
  });
}

/** The open session now works in the organization, if its user is a member of it; false otherwise. */
export async function switchOrganization(sessionId: string, userId: string, organizationId: string): Promise<boolean> {
  const { count } = await prisma.session.updateMany({
    where: { id: sessionId, userId, endedAt: null, user: { memberships: { some: { organizationId } } } },
    data: { organizationId },
  });
  return count === 1;
}

// $1 user, $2 the cookie's organization, $3 session, $4 idle seconds, $5 max seconds
const CHECK_SQL = `
WITH s AS (
  SELECT id, last_seen_at, portal, coalesce(organization_id, $2) AS organization_id FROM sessions
  WHERE id = $3 AND user_id = $1 AND ended_at IS NULL AND (expires_at IS NULL OR expires_at > now())
    AND last_seen_at > now() - make_interval(secs => $4) AND created_at > now() - make_interval(secs => $5)
), seen AS (
  UPDATE sessions SET last_seen_at = now() FROM s WHERE sessions.id = s.id AND s.last_seen_at < now() - interval '1 minute'
)
SELECT s.organization_id AS "organizationId", m.role, u.name, u.email, s.portal
FROM s JOIN memberships m ON m.organization_id = s.organization_id AND m.user_id = $1 JOIN users u ON u.id = m.user_id
  -- an organization the operator deleted is closed to everyone
  JOIN organizations o ON o.id = s.organization_id AND o.deleted_at IS NULL`;

export interface LiveSession {
  /** the session's organization: its row's, else the cookie's */
  organizationId: string;
  role: Role;
  name: string;
  email: string;
  /** opened by a portal link: the webhook screens of this organization only */
  portal: boolean;
}

/**
 * The session's organization and the user's membership in it while the session is open and the
 * membership exists, else null. `cookieOrganizationId` counts only for a row that names none.
 */
export async function liveSession(userId: string, cookieOrganizationId: string, sessionId: string): Promise<LiveSession | null> {
  const { rows } = await pool().query<LiveSession>({
    name: "live-session",
    text: CHECK_SQL,
    values: [userId, cookieOrganizationId, sessionId, env.SESSION_IDLE_HOURS * 3600, env.SESSION_MAX_DAYS * 86_400],
  });
  return rows[0] ?? null;
}
