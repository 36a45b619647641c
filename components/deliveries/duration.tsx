"use client";

import { useTranslations } from "use-intl";

/** "850 ms" or "1,2 s"; a dash (read as "sem dados") when there is none. */
export function Duration({ ms }: { ms: number | null }) {
  const t = useTranslations("deliveries");
  if (ms === null) return <Missing />;
  return <>{ms < 1000 ? t("milliseconds", { ms }) : t("seconds", { seconds: Math.round(ms / 100) / 10 })}</>;
}

export function Missing() {
  const t = useTranslations("deliveries");
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">{t("none")}</span>
    </>
  );
}
