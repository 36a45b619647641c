"use client";

import { useLocale, useTranslations } from "use-intl";
import type { Locale } from "@/lib/i18n/config";
import { eventTypeGroups } from "@/lib/webhooks/catalog";

export interface ChosenGroup {
  label: string;
  chosen: string[];
  total: number;
}

/** The groups a webhook receives from, each with its chosen event types ("NF-e 1/10: nfe.authorized"). */
export function chosenGroups(eventTypes: readonly string[], locale: Locale): ChosenGroup[] {
  const chosen = new Set(eventTypes);
  return eventTypeGroups
    .filter((group) => group.id !== "webhook")
    .map((group) => ({
      label: group.label[locale],
      chosen: group.eventTypes.filter((name) => chosen.has(name)),
      total: group.eventTypes.length,
    }))
    .filter((group) => group.chosen.length > 0);
}

/** The events a webhook receives, by group: a whole group as "NF-e 10/10", a part of one with its names. */
export function EventGroups({ eventTypes }: { eventTypes: readonly string[] }) {
  const t = useTranslations("webhooks");
  const locale = useLocale() as Locale;
  if (eventTypes.length === 0) return <p>{t("page.allEvents")}</p>;
  return (
    <ul className="flex flex-col gap-1">
      {chosenGroups(eventTypes, locale).map((group) => (
        <li key={group.label} className="flex flex-wrap items-baseline gap-x-2">
          <span className="font-medium">
            {t("page.groupCount", { group: group.label, chosen: group.chosen.length, total: group.total })}
          </span>
          {group.chosen.length < group.total && (
            <span className="flex flex-wrap gap-x-2 text-slate-700">
              {group.chosen.map((name) => (
                <code key={name} className="font-mono text-[13px]">
                  {name}
                </code>
              ))}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
