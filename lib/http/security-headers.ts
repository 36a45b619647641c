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

/** "https://a.example, http://localhost:4000" → their origins; throws on anything that is not one. */
export function parseOriginList(raw: string | undefined): string[] {
  const origins: string[] = [];
  for (const part of (raw ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(part);
    } catch {
      throw new Error(`"${part}" is not an origin (e.g. https://erp.example.com)`);
    }
    if (!/^https?:$/.test(url.protocol) || url.origin !== part.replace(/\/$/, "")) {
      throw new Error(`"${part}" is not an origin (scheme, host and port only, e.g. https://erp.example.com)`);
    }
    origins.push(url.origin);
  }
  return origins;
}

/** Who may frame a page: nobody, or (portal pages in embed mode) the allowed origins. */
export function frameAncestors(allowed: string[]): string {
  return allowed.length ? allowed.join(" ") : "'none'";
}

/**
 * Pages: scripts only with this request's nonce (Next.js puts it on its own scripts) and what they
 * load ('strict-dynamic'); styles inline (Tailwind and Next.js inject them); never framed.
 */
export function pageCsp(nonce: string, development = false, frame: { ancestors?: string[]; images?: string[] } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", ...(frame.images ?? [])].join(" "),
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors(frame.ancestors ?? [])}`,
  ].join("; ");
}
