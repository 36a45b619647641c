// Sessions on the server: each sign-in opens a row whose id the session cookie (a next-auth JWT)
// carries, and every request checks that row in the same statement that reads the membership. A
// cookie therefore stops working the moment its session ends: sign-out ends it, "sign out
// everywhere" (and, later, a password change) ends all of a user's, a removed membership ends the
// user's access to that organization. A session also ends after SESSION_IDLE_HOURS without a
// request (renewed as it is used, at most once a minute) and SESSION_MAX_DAYS after the sign-in.
import "server-only";
import { pool, prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";

export async function startSession(userId: string): Promise<string> {
  const session = await prisma.session.create({ data: { userId }, select: { id: true } });
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

// $1 user, $2 organization, $3 session, $4 idle seconds, $5 max seconds
const CHECK_SQL = `
WITH s AS (
  SELECT id, last_seen_at FROM sessions
  WHERE id = $3 AND user_id = $1 AND ended_at IS NULL
    AND last_seen_at > now() - make_interval(secs => $4) AND created_at > now() - make_interval(secs => $5)
), seen AS (
  UPDATE sessions SET last_seen_at = now() FROM s WHERE sessions.id = s.id AND s.last_seen_at < now() - interval '1 minute'
)
SELECT m.role, u.name, u.email FROM s, memberships m JOIN users u ON u.id = m.user_id
WHERE m.user_id = $1 AND m.organization_id = $2`;

export interface LiveSession {
  role: Role;
  name: string;
  email: string;
}

/** The user's membership when the session is still open, else null. */
export async function liveSession(userId: string, organizationId: string, sessionId: string): Promise<LiveSession | null> {
  const { rows } = await pool().query<LiveSession>({
    name: "live-session",
    text: CHECK_SQL,
    values: [userId, organizationId, sessionId, env.SESSION_IDLE_HOURS * 3600, env.SESSION_MAX_DAYS * 86_400],
  });
  return rows[0] ?? null;
}
