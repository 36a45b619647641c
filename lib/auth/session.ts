// The signed-in user for server components (pages and layouts), once per request.
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { userFromCookies } from "@/lib/auth/session-user";
import type { SessionUser } from "@/lib/auth/accounts";
import { isEmbeddedRequest } from "@/lib/portal/brand";

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const jar = await cookies();
  return userFromCookies(Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])));
});

/**
 * The signed-in user, or a redirect to the sign-in page (to the "portal session ended" page inside
 * an embedded portal). `portal: false`: a page a portal session does not reach (it goes to the
 * webhook list instead).
 */
export async function requireUser({ portal = true }: { portal?: boolean } = {}): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect((await isEmbeddedRequest()) ? "/portal/ended" : "/sign-in");
  if (user.portal && !portal) redirect("/account/webhooks");
  return user;
}
