"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "use-intl";

export function SignOutButton() {
  const t = useTranslations("common");
  return (
    <button
      type="button"
      className="text-slate-700 underline hover:text-slate-900"
      onClick={async () => {
        await signOut({ redirect: false });
        window.location.assign("/sign-in");
      }}
    >
      {t("signOut")}
    </button>
  );
}
