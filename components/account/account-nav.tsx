"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "use-intl";
import { usePortalMode } from "@/components/account/portal-mode";

const within = (pathname: string, ...prefixes: string[]) => prefixes.some((p) => pathname === p || pathname.startsWith(`${p}/`));

// Webhook and delivery pages belong to the account section (they are reached from its webhook list).
const LINKS = [
  { href: "/account", label: "account", current: (p: string) => p === "/account" || within(p, "/account/webhooks", "/account/deliveries") },
  { href: "/account/events", label: "events", current: (p: string) => within(p, "/account/events") },
  { href: "/account/failures", label: "failures", current: (p: string) => within(p, "/account/failures") },
  { href: "/account/simulator", label: "simulator", current: (p: string) => within(p, "/account/simulator") },
  { href: "/account/notifications", label: "notifications", current: (p: string) => within(p, "/account/notifications") },
] as const;

// a portal session (platform mode) sees the webhook screens only
const PORTAL_LINKS = [
  { href: "/account/webhooks", label: "webhooks", current: (p: string) => within(p, "/account/webhooks", "/account/deliveries") },
  { href: "/account/events", label: "events", current: (p: string) => within(p, "/account/events") },
  { href: "/account/failures", label: "failures", current: (p: string) => within(p, "/account/failures") },
] as const;

/** Conta · Eventos · Falhas · Simulador; the current section is marked for screen readers too (aria-current). */
export function AccountNav() {
  const t = useTranslations("deliveries.nav");
  const pathname = usePathname();
  const links = usePortalMode() ? PORTAL_LINKS : LINKS;
  return (
    <nav aria-label={t("label")}>
      <ul className="flex flex-wrap gap-1 border-b border-slate-200 text-sm">
        {links.map((link) => {
          const current = link.current(pathname);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={`-mb-px inline-block border-b-2 px-3 py-2 font-medium ${current ? "border-blue-700 text-blue-800" : "border-transparent text-slate-600 hover:text-slate-900"}`}
              >
                {t(link.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
