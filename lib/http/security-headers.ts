// The security headers of every answer, in one place: pages (proxy.ts, with a per-request CSP
// nonce), API answers of both adapters (lib/api/next-route.ts, lib/api/node-route.ts) and whatever
// else the web process serves (scripts/web.ts).

/** On every answer. HSTS only when the dashboard is served over https (APP_URL). */
export function baseSecurityHeaders(appUrl: string | undefined): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    ...(appUrl?.startsWith("https://") ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** JSON answers: nothing to run or embed, never cached (secrets, tokens and logs pass here). */
export const API_HEADERS: Record<string, string> = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "cache-control": "no-store",
};

/**
 * Pages: scripts only with this request's nonce (Next.js puts it on its own scripts) and what they
 * load ('strict-dynamic'); styles inline (Tailwind and Next.js inject them); never framed.
 */
export function pageCsp(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
