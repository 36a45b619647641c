// Server-side sessions behind the session cookie: a cookie works while its session is open, and not
// a request longer once it ends (sign-out, sign out everywhere, idle, too old, membership removed).
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as endAllRoute } from "@/app/api/v1/me/sessions/route";
import { ensureAccount, type SessionUser } from "@/lib/auth/accounts";
import { parseCookies, userFromCookies } from "@/lib/auth/session-user";
import { endSession, startSession } from "@/lib/auth/sessions";
import { pool, prisma } from "@/lib/db";
import { callRoute } from "@/test/api-client";

let user: SessionUser;
beforeAll(async () => {
  user = (await ensureAccount("sessoes@padaria.test", "Sessões LTDA")).user;
});

async function cookieFor(sid: string | undefined): Promise<string> {
  const jwt = await encode({ token: { uid: user.id, organizationId: user.organizationId, sid }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${jwt}`;
}
const who = async (cookie: string) => userFromCookies(parseCookies(cookie));

describe("a session cookie", () => {
  it("works while its session is open and stops at once when it ends", async () => {
    const sid = await startSession(user.id);
    const cookie = await cookieFor(sid);
    expect(await who(cookie)).toMatchObject({ id: user.id, organizationId: user.organizationId, sessionId: sid });
    await endSession(sid);
    expect(await who(cookie)).toBeNull();
  });

  it("without a server-side session (an older or forged cookie) is no session", async () => {
    expect(await who(await cookieFor(undefined))).toBeNull();
    expect(await who(await cookieFor("00000000-0000-4000-8000-000000000000"))).toBeNull();
    expect(await who(await cookieFor("not-a-uuid"))).toBeNull();
  });

  it("ends after SESSION_IDLE_HOURS without a request and SESSION_MAX_DAYS after the sign-in", async () => {
    const idle = await startSession(user.id);
    await pool().query(`UPDATE sessions SET last_seen_at = now() - interval '25 hours' WHERE id = $1`, [idle]);
    expect(await who(await cookieFor(idle))).toBeNull();
    const old = await startSession(user.id);
    await pool().query(`UPDATE sessions SET created_at = now() - interval '8 days' WHERE id = $1`, [old]);
    expect(await who(await cookieFor(old))).toBeNull();
  });

  it("is renewed as it is used (sliding), at most once a minute", async () => {
    const sid = await startSession(user.id);
    await pool().query(`UPDATE sessions SET last_seen_at = now() - interval '23 hours' WHERE id = $1`, [sid]);
    expect(await who(await cookieFor(sid))).not.toBeNull();
    const { lastSeenAt } = await prisma.session.findUniqueOrThrow({ where: { id: sid } });
    expect(Date.now() - lastSeenAt.getTime()).toBeLessThan(60_000);
  });

  it("ends with every other session of the user at DELETE /api/v1/me/sessions (sign out everywhere)", async () => {
    const [a, b] = [await startSession(user.id), await startSession(user.id)];
    const response = await callRoute(endAllRoute, "DELETE", "/api/v1/me/sessions", {
      headers: { cookie: await cookieFor(a), origin: "http://localhost", host: "localhost" },
    });
    expect(response.status).toBe(200);
    expect(response.json.ended).toBeGreaterThanOrEqual(2);
    expect(await who(await cookieFor(a))).toBeNull();
    expect(await who(await cookieFor(b))).toBeNull();
  });

  it("no longer works in an organization the user was removed from", async () => {
    const other = (await ensureAccount("removida@padaria.test", "Removida LTDA")).user;
    const sid = await startSession(other.id);
    const jwt = await encode({ token: { uid: other.id, organizationId: other.organizationId, sid }, secret: process.env.NEXTAUTH_SECRET! });
    expect(await who(`next-auth.session-token=${jwt}`)).not.toBeNull();
    await prisma.membership.delete({ where: { userId_organizationId: { userId: other.id, organizationId: other.organizationId } } });
    expect(await who(`next-auth.session-token=${jwt}`)).toBeNull();
  });
});
