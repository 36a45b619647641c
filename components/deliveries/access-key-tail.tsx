"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { accessKeyTail } from "@/components/deliveries/format";

/**
 * "…02938472" in a row: the whole key as its title (hover), as its accessible name, and shown beside it
 * while it has keyboard focus; a click copies it.
 */
export function AccessKeyTail({ value }: { value: string }) {
  const t = useTranslations("deliveries.invoice");
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard?.writeText(value).catch(() => undefined);
    setCopied(true);
  }
  return (
    <span className="group/key relative inline-block">
      <button
        type="button"
        title={value}
        aria-label={t("accessKeyCopy", { key: value })}
        onClick={copy}
        onBlur={() => setCopied(false)}
        className="rounded-sm font-mono text-[13px] text-slate-700 underline decoration-dotted underline-offset-2 hover:text-slate-950"
      >
        …{accessKeyTail(value)}
      </button>
      {/* on a phone, a bar at the bottom of the screen: the 44 digits never push the page sideways */}
      <span
        aria-hidden="true"
        className="pointer-events-none absolute top-full left-0 z-20 mt-1 hidden rounded-md bg-slate-900 px-2 py-1 font-mono text-xs whitespace-nowrap text-white shadow-lg group-focus-within/key:block max-sm:fixed max-sm:inset-x-3 max-sm:top-auto max-sm:bottom-3 max-sm:text-center max-sm:break-all max-sm:whitespace-normal"
      >
        {value}
        {copied && ` · ${t("accessKeyCopied")}`}
      </span>
      <span aria-live="polite" className="sr-only">
        {copied ? t("accessKeyCopied") : ""}
      </span>
    </span>
  );
}
