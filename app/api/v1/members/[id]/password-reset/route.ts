import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { memberResetLink } from "@/lib/auth/team";

/** A single-use reset link for a member, answered to the admin (for when e-mail is not configured). */
export const POST = route({}, async ({ principal, params }) => {
  const createdBy = principal.kind === "user" ? principal.userId : principal.createdById;
  return reply({ link: await memberResetLink(principal.organizationId, params.id!, createdBy, principal.role) }, 201);
});
