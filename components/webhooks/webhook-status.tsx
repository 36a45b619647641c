"use client";

import { useTranslations } from "use-intl";
import { Badge } from "@/components/ui/badge";
import { isOneOf } from "@/lib/one-of";
import type { Webhook } from "@/lib/queries/webhooks";

const REASONS = ["manual", "failing", "gone"] as const;

const TONES = { healthy: "success", idle: "success", unstable: "warning", failing: "danger" } as const;

/** "Ativo", "Instável", "Falhando" or "Desativado", with why: never colour alone. */
export function WebhookStatus({ webhook }: { webhook: Webhook }) {
  const t = useTranslations("webhooks.status");
  const { health } = webhook;
  if (health.state === "disabled") {
    const reason = isOneOf(REASONS, webhook.disabled_reason) ? webhook.disabled_reason : "unknown";
    return (
      <span className="inline-flex flex-col items-start gap-0.5">
        <Badge tone={reason === "manual" ? "neutral" : "danger"}>{t("disabled")}</Badge>
        <span className="text-xs text-slate-600">{t(`reason.${reason}`)}</span>
        {webhook.paused_deliveries > 0 && (
          <span className="text-xs text-slate-600">{t("paused", { count: webhook.paused_deliveries })}</span>
        )}
      </span>
    );
  }
  const details = [
    health.state === "failing" ? t("failures", { count: webhook.consecutive_failures }) : undefined,
    health.success_rate_24h !== null && health.success_rate_24h < 1 ? t("successRate", { rate: health.success_rate_24h }) : undefined,
    health.failed_deliveries_24h > 0 ? t("failedDeliveries", { count: health.failed_deliveries_24h }) : undefined,
    webhook.paused_deliveries > 0 ? t("paused", { count: webhook.paused_deliveries }) : undefined,
  ].filter(Boolean);
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      <Badge tone={TONES[health.state]}>{t(health.state)}</Badge>
      {details.map((line) => (
        <span key={line} className="text-xs text-slate-600">
          {line}
        </span>
      ))}
    </span>
  );
}

/** "Todos os eventos" or how many were chosen. */
export function useEventsSummary() {
  const t = useTranslations("webhooks");
  return (webhook: Webhook) => (webhook.event_types.length ? t("eventCount", { count: webhook.event_types.length }) : t("form.allEvents"));
}
