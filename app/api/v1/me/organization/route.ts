import { route } from "@/lib/api/next-route";
import { switchSessionOrganization } from "@/lib/api/me";
import { switchOrganizationSchema } from "@/lib/auth/schemas";

/** Switch organizations: this dashboard session now works in another organization of the user. */
export const POST = route({ need: "read", body: switchOrganizationSchema }, async ({ principal, body }) =>
  switchSessionOrganization(principal, body.organization_id),
);
