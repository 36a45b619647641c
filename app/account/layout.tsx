import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { OrganizationSwitcher } from "@/components/account/organization-switcher";
import { organizationsOf } from "@/lib/auth/accounts";
import { requireUser } from "@/lib/auth/session";
import { PortalMode } from "@/components/account/portal-mode";
import { EnvironmentBar, EnvironmentProvider } from "@/components/account/environment";
import { asEnvironment, ENVIRONMENT_COOKIE } from "@/components/account/environment-cookie";

// Layouts are not re-rendered on navigation between their pages, so each page also calls requireUser().
// The organization switcher may stay as it was: switching (and joining) reloads the whole page.
// The environment switch keeps its choice in the browser (and a cookie, read here on a reload).
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const [user, jar] = await Promise.all([requireUser(), cookies()]);
  // a portal session stays in its organization: no switcher
  const organizations = user.portal ? [] : await organizationsOf(user.id);
  return (
    <PortalMode portal={Boolean(user.portal)}>
      <EnvironmentProvider initial={asEnvironment(jar.get(ENVIRONMENT_COOKIE)?.value)}>
        <EnvironmentBar>
          {organizations.length > 1 && <OrganizationSwitcher organizations={organizations} currentId={user.organizationId} />}
        </EnvironmentBar>
        {children}
      </EnvironmentProvider>
    </PortalMode>
  );
}
