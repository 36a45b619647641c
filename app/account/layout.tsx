import type { ReactNode } from "react";
import { OrganizationSwitcher } from "@/components/account/organization-switcher";
import { organizationsOf } from "@/lib/auth/accounts";
import { requireUser } from "@/lib/auth/session";
import { PortalMode } from "@/components/account/portal-mode";

// Layouts are not re-rendered on navigation between their pages, so each page also calls requireUser().
// The organization switcher may stay as it was: switching (and joining) reloads the whole page.
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  // a portal session stays in its organization: no switcher
  const organizations = user.portal ? [] : await organizationsOf(user.id);
  return (
    <PortalMode portal={Boolean(user.portal)}>
      {organizations.length > 1 && (
        <div className="mb-4">
          <OrganizationSwitcher organizations={organizations} currentId={user.organizationId} />
        </div>
      )}
      {children}
    </PortalMode>
  );
}
