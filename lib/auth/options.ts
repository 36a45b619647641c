// next-auth v4: e-mail + password credentials, JWT sessions carrying the user and organization.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { checkCredentials } from "@/lib/auth/accounts";
import { signInLimiter } from "@/lib/rate-limit";

function clientAddress(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  return typeof forwarded === "string" ? forwarded.split(",")[0]!.trim() : "local";
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
        const keys = [`email:${email}`, `ip:${clientAddress(req?.headers)}`];
        if (keys.some((k) => signInLimiter.blockedFor(k) > 0)) throw new Error("rate_limited");
        const user = await checkCredentials(email, String(credentials?.password ?? ""));
        if (!user) {
          keys.forEach((k) => signInLimiter.hit(k));
          return null;
        }
        signInLimiter.reset(`email:${email}`);
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
