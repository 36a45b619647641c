"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { apiFetch } from "@/lib/queries/fetcher";

/** Ends every dashboard session of this user (other browsers and devices too), then this one. */
export function SignOutEverywhereButton() {
  const t = useTranslations("common");
  const [failed, setFailed] = useState(false);
  return (
    <div className="flex items-center gap-2">
      <ConfirmButton
        label={t("signOutEverywhere")}
        question={t("signOutEverywhereConfirm")}
        onConfirm={async () => {
          try {
            await apiFetch("/api/v1/me/sessions", { method: "DELETE" });
            await signOut({ redirect: false });
            window.location.assign("/sign-in");
          } catch {
            setFailed(true);
          }
        }}
      />
      {failed && (
        <span role="alert" className="text-sm text-red-700">
          {t("genericError")}
        </span>
      )}
    </div>
  );
}
