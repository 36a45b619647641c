// A portal link (POST /api/v1/operator/organizations/:external_id/portal-sessions): used once, it
// signs the browser in on the tenant's webhook screens and goes there; `?embed=1` embeds them.
// A used, expired or unknown link goes to a page that says so (nothing else changes).
import { enterPortal } from "@/lib/operator/portal";
import { portalCookies } from "@/lib/portal/cookies";
import { baseSecurityHeaders } from "@/lib/http/security-headers";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await context.params;
  const embed = new URL(request.url).searchParams.get("embed") === "1";
  const entry = await enterPortal(token);
  const headers = new Headers({ ...baseSecurityHeaders(env.APP_URL), "cache-control": "no-store", "referrer-policy": "no-referrer" });
  if (!entry) {
    headers.set("location", `/portal/ended${embed ? "?embed=1" : ""}`);
    return new Response(null, { status: 303, headers });
  }
  for (const value of await portalCookies(entry, embed)) headers.append("set-cookie", value);
  headers.set("location", `/account/webhooks${embed ? "?embed=1" : ""}`);
  return new Response(null, { status: 303, headers });
}
