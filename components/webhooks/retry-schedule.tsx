"use client";

import { useLocale, useTranslations } from "use-intl";
import { isOneOf } from "@/lib/one-of";
import { RETRY_POLICIES } from "@/lib/webhooks/endpoints/schemas";
import type { RetryScheduleInForce } from "@/lib/webhooks/engine/retry";
import { formatWait } from "@/components/deliveries/wait-format";

export type RetrySchedules = Record<string, RetryScheduleInForce>;

/**
 * The retries a policy gets on this server, from the schedule the server says is in force:
 * "Padrão: 1ª tentativa imediata, depois 5 s, 5 min…", or WEBHOOK_RETRY_SCHEDULE's when it replaces the presets.
 */
export function RetryScheduleText({ policy, schedule }: { policy: string; schedule: RetryScheduleInForce | undefined }) {
  const t = useTranslations("webhooks.page.retry");
  const locale = useLocale();
  const name = isOneOf(RETRY_POLICIES, policy) ? t(`policy.${policy}`) : policy;
  if (!schedule) return <>{name}</>;
  const waits = schedule.seconds.map((seconds) => formatWait(seconds, locale)).join(", ");
  return (
    <span className="flex flex-col gap-0.5">
      <span>{t("schedule", { policy: name, count: schedule.seconds.length, waits })}</span>
      {schedule.source === "server" && <span className="text-xs text-slate-600">{t("server", { policy: name })}</span>}
    </span>
  );
}
