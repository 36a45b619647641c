// Runs before every page: a fresh CSP nonce per request (Next.js reads it from the request's
// Content-Security-Policy and puts it on the scripts it renders), and the security headers. Pages
// are never framed, except in embed mode (`?embed=1`, then a cookie: lib/portal/embed.ts), where
// the origins in PORTAL_ALLOWED_ORIGINS (only those) may frame them.
import { NextResponse, type NextRequest } from "next/server";
import { baseSecurityHeaders, pageCsp, parseOriginList } from "@/lib/http/security-headers";
import { EMBED_COOKIE, EMBED_HEADER, isEmbedded } from "@/lib/portal/embed";

function origins(raw: string | undefined): string[] {
  try {
    return parseOriginList(raw);
  } catch {
    return []; // refused at start-up (lib/env.ts); never framed meanwhile
  }
}

function logoOrigin(raw: string | undefined): string[] {
  try {
    return raw ? [new URL(raw).origin] : [];
  } catch {
    return [];
  }
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const query = request.nextUrl.searchParams.get("embed");
  const embedded = isEmbedded(query, request.cookies.get(EMBED_COOKIE)?.value);
  const ancestors = embedded ? origins(process.env.PORTAL_ALLOWED_ORIGINS) : [];
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development", {
    ancestors,
    images: logoOrigin(process.env.PORTAL_LOGO_URL),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set(EMBED_HEADER, embedded ? "1" : "0");
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(baseSecurityHeaders(process.env.APP_URL))) response.headers.set(name, value);
  // X-Frame-Options cannot name origins: CSP frame-ancestors alone decides for embedded pages
  if (ancestors.length) response.headers.delete("x-frame-options");
  if (query === "1" || query === "0") {
    const secure = process.env.APP_URL?.startsWith("https://");
    response.cookies.set(EMBED_COOKIE, query === "1" ? "1" : "", {
      path: "/",
      httpOnly: true,
      sameSite: secure ? "none" : "lax",
      secure,
      ...(query === "0" ? { maxAge: 0 } : {}),
    });
  }
  return response;
}

export const config = {
  // pages only: API answers get theirs from the route adapters, static files from scripts/web.ts
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
