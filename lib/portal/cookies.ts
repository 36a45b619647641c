// The cookies of portal mode: the session cookie a portal link sets (the same next-auth JWT a
// sign-in makes, lib/auth/session-user.ts reads it), the embed flag, and the language. Over https
// (APP_URL https://…) they are `SameSite=None; Secure`, so they work inside the integrator's iframe
// on another site; over plain http browsers refuse SameSite=None without Secure, so they are
// `SameSite=Lax` and the embedding page must be same-site (e.g. another port of the same host).
import "server-only";
import { encode } from "next-auth/jwt";
import { env } from "@/lib/env";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import type { PortalEntry } from "@/lib/operator/portal";
import { EMBED_COOKIE } from "@/lib/portal/embed";

const secure = () => Boolean(env.APP_URL?.startsWith("https://"));

function cookie(name: string, value: string, maxAgeSeconds?: number, httpOnly = true): string {
  return [
    `${name}=${value}`,
    "Path=/",
    ...(maxAgeSeconds !== undefined ? [`Max-Age=${maxAgeSeconds}`] : []),
    ...(httpOnly ? ["HttpOnly"] : []),
    ...(secure() ? ["SameSite=None", "Secure"] : ["SameSite=Lax"]),
  ].join("; ");
}

/** The Set-Cookie values that sign the browser in for the portal session (and embed it, if asked). */
export async function portalCookies(entry: PortalEntry, embed: boolean): Promise<string[]> {
  const seconds = Math.max(1, Math.floor((entry.expiresAt.getTime() - Date.now()) / 1000));
  const jwt = await encode({
    secret: env.NEXTAUTH_SECRET!,
    maxAge: seconds,
    token: {
      sub: entry.userId,
      uid: entry.userId,
      name: entry.name,
      email: entry.email,
      organizationId: entry.organizationId,
      role: entry.role,
      sid: entry.sessionId,
    },
  });
  const sessionCookie = secure() ? "__Secure-next-auth.session-token" : "next-auth.session-token";
  return [
    cookie(sessionCookie, jwt, seconds),
    embed ? cookie(EMBED_COOKIE, "1") : cookie(EMBED_COOKIE, "", 0),
    ...(entry.locale ? [cookie(LOCALE_COOKIE, entry.locale, seconds, false)] : []),
  ];
}
