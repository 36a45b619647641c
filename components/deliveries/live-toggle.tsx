"use client";

import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { LIVE_INTERVAL_MS } from "@/lib/queries/deliveries";

/** Auto-refresh can be paused (WCAG 2.2.2); it also pauses by itself while the tab is hidden. */
export function LiveToggle({ paused, onChange }: { paused: boolean; onChange: (paused: boolean) => void }) {
  const t = useTranslations("deliveries.live");
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
      <span>
        <span aria-hidden="true">{paused ? "❚❚" : "●"} </span>
        {paused ? t("paused") : t("on", { seconds: LIVE_INTERVAL_MS / 1000 })}
      </span>
      <Button variant="secondary" aria-pressed={paused} onClick={() => onChange(!paused)}>
        {t("pause")}
      </Button>
    </div>
  );
}
