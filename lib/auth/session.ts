// The signed-in user for server components (pages and layouts), once per request.
import { cache } from "react";
import { cookies } from "next/headers";
import { userFromCookies } from "@/lib/auth/session-user";
import type { SessionUser } from "@/lib/auth/accounts";

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const jar = await cookies();
  return userFromCookies(Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])));
});
