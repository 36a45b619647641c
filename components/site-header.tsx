import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { LanguageSwitcher } from "@/components/language-switcher";
import { SignOutButton } from "@/components/auth/sign-out-button";
import type { Brand } from "@/lib/portal/brand";

/** `brand`: a portal page (platform mode) shows the integrator's name and logo instead of ours. */
export async function SiteHeader({ brand }: { brand?: Brand | null }) {
  const [user, t] = await Promise.all([currentUser(), getTranslator()]);
  const name = brand?.name ?? t("common.appName");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <Link href={brand ? "/account/webhooks" : "/"} className="flex items-center gap-2 font-semibold text-slate-900">
          {/* eslint-disable-next-line @next/next/no-img-element -- an operator-configured logo on any host */}
          {brand?.logoUrl && <img src={brand.logoUrl} alt="" className="h-6 w-auto" />}
          {name}
        </Link>
        <nav className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" aria-label={t("common.mainNav")}>
          {!brand && (
            <Link href="/docs" className="text-slate-700 underline-offset-2 hover:underline">
              {t("common.apiDocs")}
            </Link>
          )}
          {user && <span className="hidden text-slate-600 sm:inline">{user.email}</span>}
          <LanguageSwitcher />
          {user && <SignOutButton />}
        </nav>
      </div>
    </header>
  );
}
