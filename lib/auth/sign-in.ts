// A sign-in with e-mail and password, throttled per e-mail and client address (lib/rate-limit.ts).
import { checkCredentials, type SessionUser } from "@/lib/auth/accounts";
import { signInAddressLimit, signInPairLimit } from "@/lib/rate-limit";

/**
 * Wrong passwords slow down that e-mail *from that address* (growing delay) and that address across
 * e-mails: someone guessing another person's password cannot lock the owner out, who signs in from
 * their own address as usual.
 */
async function throttled(email: string, address: string, check: () => Promise<boolean>): Promise<boolean> {
  const pair = `${email}|${address}`;
  const waits = await Promise.all([signInPairLimit.blockedFor(pair), signInAddressLimit.blockedFor(address)]);
  if (waits.some((w) => w > 0)) throw new Error("rate_limited");
  if (await check()) {
    await signInPairLimit.reset(pair);
    return true;
  }
  await Promise.all([signInPairLimit.hit(pair), signInAddressLimit.hit(address)]);
  return false;
}

/**
 * The user these credentials belong to, or null. A blank e-mail or password is refused before any
 * check and spends no attempt (the form says "required" itself; a stray empty post is no guess).
 * Throws Error("rate_limited") while this e-mail or address must wait.
 */
export async function signInWithPassword(rawEmail: unknown, rawPassword: unknown, address: string): Promise<SessionUser | null> {
  const email = String(rawEmail ?? "")
    .trim()
    .toLowerCase();
  const password = String(rawPassword ?? "");
  if (!email || !password) return null;
  let user: SessionUser | null = null;
  await throttled(email, address, async () => {
    user = await checkCredentials(email, password);
    return user !== null;
  });
  return user;
}
