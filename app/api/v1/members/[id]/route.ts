import { route } from "@/lib/api/next-route";
import { memberRoleSchema } from "@/lib/auth/schemas";
import { changeRole, removeMember } from "@/lib/auth/team";

export const PATCH = route({ body: memberRoleSchema }, async ({ principal, params, body }) => {
  await changeRole(principal.organizationId, params.id!, body.role, principal.role);
  return { ok: true };
});

/** Removing a member revokes their API tokens and ends their sessions. */
export const DELETE = route({}, async ({ principal, params }) => {
  await removeMember(principal.organizationId, params.id!, principal.role);
  return null;
});
