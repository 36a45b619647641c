import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { LanguageSwitcher } from "@/components/language-switcher";
import { SignOutButton } from "@/components/auth/sign-out-button";

export async function SiteHeader() {
  const [user, t] = await Promise.all([currentUser(), getTranslator()]);
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
        <Link href="/" className="font-semibold text-slate-900">
          {t("common.appName")}
        </Link>
        <nav className="flex items-center gap-4 text-sm" aria-label="principal">
          {user && <span className="hidden text-slate-600 sm:inline">{user.email}</span>}
          <LanguageSwitcher />
          {user && <SignOutButton />}
        </nav>
      </div>
    </header>
  );
}
