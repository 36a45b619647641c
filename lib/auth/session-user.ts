// Who a session cookie belongs to, re-checked against the database so a removed membership or a
// changed role takes effect at once. Framework-free: the API's route layer (both adapters) and the
// server components (lib/auth/session.ts) read sessions through here.
import { getToken } from "next-auth/jwt";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { SessionUser } from "@/lib/auth/accounts";

const SESSION_COOKIE = "next-auth.session-token";
const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

/** `a=1; b=2` → { a: "1", b: "2" } */
export function parseCookies(header: string | null | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    const raw = part.slice(at + 1).trim();
    try {
      cookies[name] ??= decodeURIComponent(raw);
    } catch {
      cookies[name] ??= raw;
    }
  }
  return cookies;
}

export async function userFromCookies(cookies: Record<string, string>): Promise<SessionUser | null> {
  // next-auth names the cookie __Secure-… when the app is served over https
  const secureCookie = Object.keys(cookies).some((name) => name.startsWith(SECURE_SESSION_COOKIE));
  const token = await getToken({
    req: { cookies, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: env.NEXTAUTH_SECRET,
    secureCookie,
  });
  const id = token?.uid;
  const organizationId = token?.organizationId;
  if (!id || !organizationId) return null;
  const membership = await prisma.membership.findUnique({
    where: { userId_organizationId: { userId: id, organizationId } },
    select: { role: true, user: { select: { name: true, email: true } } },
  });
  if (!membership) return null;
  return { id, organizationId, role: membership.role, name: membership.user.name, email: membership.user.email };
}
