// The signed-in user for server components (pages and layouts), once per request.
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { userFromCookies } from "@/lib/auth/session-user";
import type { SessionUser } from "@/lib/auth/accounts";

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const jar = await cookies();
  return userFromCookies(Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])));
});

/** The signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}
