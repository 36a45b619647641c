// Runs before every page: a fresh CSP nonce per request (Next.js reads it from the request's
// Content-Security-Policy and puts it on the scripts it renders), and the security headers.
import { NextResponse, type NextRequest } from "next/server";
import { baseSecurityHeaders, pageCsp } from "@/lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(baseSecurityHeaders(process.env.APP_URL))) response.headers.set(name, value);
  return response;
}

export const config = {
  // pages only: API answers get theirs from the route adapters, static files from scripts/web.ts
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
