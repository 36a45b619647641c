"use client";

import { createContext, useContext, type ReactNode } from "react";

// Whether the account pages are shown to a portal session (platform mode): the navigation then
// offers only the webhook screens (components/account/account-nav.tsx).
const PortalContext = createContext(false);

export function PortalMode({ portal, children }: { portal: boolean; children: ReactNode }) {
  return <PortalContext.Provider value={portal}>{children}</PortalContext.Provider>;
}

export const usePortalMode = () => useContext(PortalContext);

/** Where the webhook list is: the account screen, or (portal) the webhook screen of its own. */
export function useWebhooksHome(): { href: string; list: string } {
  return usePortalMode() ? { href: "/account/webhooks", list: "/account/webhooks" } : { href: "/account", list: "/account#webhooks" };
}
