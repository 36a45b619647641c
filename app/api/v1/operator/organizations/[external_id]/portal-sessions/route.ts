import { reply } from "@/lib/api/route";
import { createPortalLink, portalSessionSchema } from "@/lib/operator/portal";
import { operatorRoute } from "@/lib/operator/route";

// a single-use URL (10 minutes to open it) that signs a browser in on the tenant's webhook screens
export const POST = operatorRoute(
  { tenant: true, body: portalSessionSchema, action: "portal_session.create" },
  async ({ tenant, body, note }) => {
    note.detail = { email: body.user.email, role: body.role, expires_in: body.expires_in };
    return reply(await createPortalLink(tenant, body), 201);
  },
);
