// next-auth v4: e-mail + password credentials, JWT sessions carrying the user and organization.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { PEER_ADDRESS_HEADER } from "@/lib/api/next-route";
import { clientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";
import { endSession, startSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === "string" ? value : undefined;
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
        const address = clientAddress(
          header(req?.headers, PEER_ADDRESS_HEADER) ?? "unknown",
          header(req?.headers, "x-forwarded-for"),
          env.TRUST_PROXY,
        );
        return signInWithPassword(credentials?.email, credentials?.password, address);
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
