"use client";

import { useTranslations } from "use-intl";
import { Badge } from "@/components/ui/badge";
import { isOneOf } from "@/lib/one-of";
import type { Webhook } from "@/lib/queries/webhooks";

const REASONS = ["manual", "failing", "gone"] as const;

/** "Ativo", "Ativo · falhando" or "Desativado" with why: never colour alone. */
export function WebhookStatus({ webhook }: { webhook: Webhook }) {
  const t = useTranslations("webhooks.status");
  if (webhook.enabled) {
    if (webhook.consecutive_failures > 0)
      return (
        <span className="inline-flex flex-col items-start gap-0.5">
          <Badge tone="warning">{t("failing")}</Badge>
          <span className="text-xs text-slate-600">{t("failures", { count: webhook.consecutive_failures })}</span>
        </span>
      );
    return <Badge tone="success">{t("enabled")}</Badge>;
  }
  const reason = isOneOf(REASONS, webhook.disabled_reason) ? webhook.disabled_reason : "unknown";
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      <Badge tone={reason === "manual" ? "neutral" : "danger"}>{t("disabled")}</Badge>
      <span className="text-xs text-slate-600">{t(`reason.${reason}`)}</span>
    </span>
  );
}

/** "Todos os eventos" or how many were chosen. */
export function useEventsSummary() {
  const t = useTranslations("webhooks");
  return (webhook: Webhook) => (webhook.event_types.length ? t("eventCount", { count: webhook.event_types.length }) : t("form.allEvents"));
}
