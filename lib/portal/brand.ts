// The integrator's branding on portal pages (portal sessions and embed mode): PORTAL_BRAND_NAME in
// place of this app's name, PORTAL_LOGO_URL beside it, PORTAL_PRIMARY_COLOR for links and buttons
// (Tailwind's blue, which the dashboard uses as its primary colour, is replaced by it).
import "server-only";
import type { CSSProperties } from "react";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { EMBED_HEADER } from "@/lib/portal/embed";

export interface Brand {
  name?: string;
  logoUrl?: string;
  style?: CSSProperties;
}

export function portalBrand(): Brand {
  const color = env.PORTAL_PRIMARY_COLOR;
  return {
    name: env.PORTAL_BRAND_NAME,
    logoUrl: env.PORTAL_LOGO_URL,
    style: color ? ({ "--color-blue-700": color, "--color-blue-800": color, "--color-blue-900": color } as CSSProperties) : undefined,
  };
}

/** Whether this page request is embedded (proxy.ts decides and says so in a request header). */
export async function isEmbeddedRequest(): Promise<boolean> {
  return (await headers()).get(EMBED_HEADER) === "1";
}
