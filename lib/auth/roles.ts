// What a role may do; browser-safe, so pages, components and the API share one rule.
import type { Role } from "@/lib/generated/prisma/enums";

export function canChange(role: Role) {
  return role === "owner" || role === "admin";
}
