import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";

// Layouts are not re-rendered on navigation between their pages, so each page also calls requireUser().
export default async function AccountLayout({ children }: { children: ReactNode }) {
  await requireUser();
  return children;
}
