import type { Role } from "@/lib/generated/prisma/enums";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string; organizationId: string; role: Role };
  }
  interface User {
    id: string;
    organizationId: string;
    role: Role;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    organizationId?: string;
    /** the server-side session (lib/auth/sessions.ts) */
    sid?: string;
    role?: Role;
  }
}
