"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { isOneOf } from "@/lib/one-of";

export const WEBHOOK_TABS = ["visao-geral", "entregas", "configuracoes"] as const;
export type WebhookTab = (typeof WEBHOOK_TABS)[number];

/** The tab in the page's URL (?tab=entregas), so a tab can be linked and Back returns to the previous one. */
export function useWebhookTab(): WebhookTab {
  const tab = useSearchParams().get("tab");
  return isOneOf(WEBHOOK_TABS, tab) ? tab : "visao-geral";
}

/** The link to one tab of this webhook's page, with extra query parameters (the log's filters). */
export function useTabHref() {
  const pathname = usePathname();
  return (tab: WebhookTab, extra: Record<string, string> = {}) => {
    const query = new URLSearchParams(tab === "visao-geral" ? extra : { tab, ...extra }).toString();
    return query ? `${pathname}?${query}` : pathname;
  };
}

const KEYS: Record<string, (index: number) => number> = {
  ArrowRight: (i) => (i + 1) % WEBHOOK_TABS.length,
  ArrowLeft: (i) => (i - 1 + WEBHOOK_TABS.length) % WEBHOOK_TABS.length,
  Home: () => 0,
  End: () => WEBHOOK_TABS.length - 1,
};

/**
 * "Visão geral · Entregas · Configurações": tabs that are links (each its own URL and history entry).
 * Arrow keys, Home and End move between them; Enter or Space opens the focused one.
 */
export function WebhookTabs({ children }: { children: ReactNode }) {
  const t = useTranslations("webhooks.page");
  const current = useWebhookTab();
  const href = useTabHref();
  const tabs = useRef<(HTMLAnchorElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent<HTMLAnchorElement>, index: number) {
    if (event.key === " ") {
      event.preventDefault();
      event.currentTarget.click();
      return;
    }
    const move = KEYS[event.key];
    if (!move) return;
    event.preventDefault();
    tabs.current[move(index)]?.focus();
  }

  return (
    <div className="flex flex-col gap-6">
      <div role="tablist" aria-label={t("tabs")} className="flex gap-1 overflow-x-auto border-b border-slate-200 text-sm">
        {WEBHOOK_TABS.map((tab, index) => {
          const selected = tab === current;
          return (
            <Link
              key={tab}
              ref={(node) => {
                tabs.current[index] = node;
              }}
              id={`webhook-tab-${tab}`}
              role="tab"
              href={href(tab)}
              scroll={false}
              aria-selected={selected}
              aria-controls={selected ? "webhook-tabpanel" : undefined}
              tabIndex={selected ? 0 : -1}
              onKeyDown={(event) => onKeyDown(event, index)}
              className={`-mb-px border-b-2 px-3 py-2 font-medium whitespace-nowrap ${selected ? "border-blue-700 text-blue-800" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {t(`tab.${tab}`)}
            </Link>
          );
        })}
      </div>
      <div role="tabpanel" id="webhook-tabpanel" aria-labelledby={`webhook-tab-${current}`} className="flex flex-col gap-6">
        {children}
      </div>
    </div>
  );
}
