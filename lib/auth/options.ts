// next-auth v4: e-mail + password credentials, JWT sessions carrying the user and organization.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { PEER_ADDRESS_HEADER } from "@/lib/api/next-route";
import { clientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";
import { checkCredentials } from "@/lib/auth/accounts";
import { endSession, startSession } from "@/lib/auth/sessions";
import { signInAddressLimit, signInPairLimit } from "@/lib/rate-limit";

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === "string" ? value : undefined;
}

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

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  // the cookie lives as long as a session may (SESSION_MAX_DAYS); lib/auth/sessions.ts ends it sooner
  session: { strategy: "jwt", maxAge: env.SESSION_MAX_DAYS * 86_400 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "credentials",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        const email = String(credentials?.email ?? "")
          .trim()
          .toLowerCase();
        const address = clientAddress(
          header(req?.headers, PEER_ADDRESS_HEADER) ?? "unknown",
          header(req?.headers, "x-forwarded-for"),
          env.TRUST_PROXY,
        );
        let user: Awaited<ReturnType<typeof checkCredentials>> = null;
        await throttled(email, address, async () => {
          user = await checkCredentials(email, String(credentials?.password ?? ""));
          return user !== null;
        });
        return user;
      },
    }),
  ],
  events: {
    async signOut({ token }) {
      if (typeof token?.sid === "string") await endSession(token.sid);
    },
  },
  callbacks: {
    // only our own pages: anything else (another site, a malformed URL) goes to the account screen
    redirect({ url, baseUrl }) {
      try {
        const target = new URL(url, baseUrl);
        return target.origin === new URL(baseUrl).origin ? target.toString() : `${baseUrl}/account`;
      } catch {
        return `${baseUrl}/account`;
      }
    },
    async jwt({ token, user }) {
      if (user) {
        token.sid = await startSession(user.id, user.organizationId);
        token.uid = user.id;
        token.organizationId = user.organizationId;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.uid ?? "",
        name: token.name ?? "",
        email: token.email ?? "",
        organizationId: token.organizationId ?? "",
        role: token.role ?? "viewer",
      };
      return session;
    },
  },
};
