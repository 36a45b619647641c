// next-auth v4: e-mail + password credentials, JWT sessions carrying the user and organization.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { PEER_ADDRESS_HEADER } from "@/lib/api/next-route";
import { clientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";
import { checkCredentials } from "@/lib/auth/accounts";
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
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
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
  callbacks: {
    jwt({ token, user }) {
      if (user) {
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
