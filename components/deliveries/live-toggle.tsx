"use client";

import { useTranslations } from "use-intl";
import { LIVE_INTERVAL_MS } from "@/lib/queries/deliveries";

/** Auto-refresh can be paused (WCAG 2.2.2); it also pauses by itself while the tab is hidden. One short line. */
export function LiveToggle({ paused, onChange }: { paused: boolean; onChange: (paused: boolean) => void }) {
  const t = useTranslations("deliveries.live");
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
      <span>
        <span aria-hidden="true">{paused ? "❚❚" : "●"} </span>
        {paused ? t("paused") : t("on", { seconds: LIVE_INTERVAL_MS / 1000 })}
      </span>
      <button
        type="button"
        aria-pressed={paused}
        onClick={() => onChange(!paused)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 font-medium text-slate-800 hover:bg-slate-100"
      >
        {t("pause")}
      </button>
    </div>
  );
}
