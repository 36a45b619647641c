// Embed mode (`?embed=1`): the portal's pages without this app's header and navigation, framed by
// PORTAL_ALLOWED_ORIGINS only (proxy.ts). The flag lives in a cookie so it lasts while the user
// navigates inside the iframe; `?embed=0` clears it. Browser-safe: proxy.ts and layouts read it.
export const EMBED_COOKIE = "nfe-embed";
/** set by proxy.ts on every page request (a client's own value is replaced) */
export const EMBED_HEADER = "x-nfe-embed";

/** Embedded when the query says so, or the cookie does and the query does not say otherwise. */
export function isEmbedded(query: string | null, cookie: string | undefined): boolean {
  return query === "1" || (query !== "0" && cookie === "1");
}
