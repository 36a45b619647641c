// Where a sign-in returns to (`/sign-in?callbackUrl=/invite?token=…`): only a page of this site.
const HERE = "http://this.invalid";

/** The path, query and fragment of `value` when it names a page of this site, else undefined. */
export function returnPath(value: unknown): string | undefined {
  if (typeof value !== "string" || !value.startsWith("/")) return undefined;
  try {
    // resolved as a browser would (it drops tabs and newlines, reads "\" as "/"), so "//other.site" and
    // "/\tother.site" come out as another origin
    const url = new URL(value, HERE);
    return url.origin === HERE ? `${url.pathname}${url.search}${url.hash}` : undefined;
  } catch {
    return undefined;
  }
}
