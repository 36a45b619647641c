// Who a session cookie belongs to and in which organization, re-checked against the database so a
// removed membership, a changed role or a switch of organization takes effect at once.
// Framework-free: the API's route layer (both adapters) and the server components
// (lib/auth/session.ts) read sessions through here.
import { getToken } from "next-auth/jwt";
import { liveSession } from "@/lib/auth/sessions";
import { env } from "@/lib/env";
import type { SessionUser } from "@/lib/auth/accounts";

const SESSION_COOKIE = "next-auth.session-token";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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

export async function userFromCookies(cookies: Record<string, string>): Promise<Required<SessionUser> | null> {
  // next-auth names the cookie __Secure-… when the app is served over https
  const secureCookie = Object.keys(cookies).some((name) => name.startsWith(SECURE_SESSION_COOKIE));
  const token = await getToken({
    req: { cookies, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: env.NEXTAUTH_SECRET,
    secureCookie,
  });
  const id = token?.uid;
  const organizationId = token?.organizationId;
  const sessionId = token?.sid;
  if (!id || !organizationId || !sessionId || !UUID.test(sessionId)) return null;
  const live = await liveSession(id, organizationId, sessionId);
  if (!live) return null;
  return { id, organizationId: live.organizationId, sessionId, role: live.role, name: live.name, email: live.email, portal: live.portal };
}
