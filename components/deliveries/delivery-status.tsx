"use client";

import { useTranslations } from "use-intl";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";

const TONES = {
  succeeded: "success",
  retrying: "warning",
  failed: "danger",
  cancelled: "neutral",
  pending: "neutral",
  paused: "warning",
  discarded: "neutral",
  waiting: "neutral",
} as const;

function isKnown(status: string): status is keyof typeof TONES {
  return status in TONES;
}

/**
 * Entregue / Tentando novamente (with the next try) / Falhou / Cancelado / Pendente / Em pausa / Descartada: always in words.
 * `inline`: on one line (a log row), the next try short and the waiting hint for screen readers and on hover.
 */
export function DeliveryStatus({
  status,
  nextAttemptAt,
  inline = false,
}: {
  status: string;
  nextAttemptAt?: string | null;
  inline?: boolean;
}) {
  const t = useTranslations("deliveries.status");
  if (!isKnown(status)) return <Badge>{status}</Badge>;
  const waiting = status === "waiting";
  const nextTry = status === "retrying" && nextAttemptAt;
  if (inline)
    return (
      <span className="inline-flex items-center gap-1.5 whitespace-nowrap" title={waiting ? t("waitingHint") : undefined}>
        <Badge tone={TONES[status]}>{t(status)}</Badge>
        {waiting && <span className="sr-only">{t("waitingHint")}</span>}
        {nextTry && (
          <span className="text-xs text-slate-600">
            <span className="sr-only">{t("nextTry")} </span>
            <RelativeTime value={nextAttemptAt} />
          </span>
        )}
      </span>
    );
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      <Badge tone={TONES[status]}>{t(status)}</Badge>
      {waiting && <span className="text-xs text-slate-600">{t("waitingHint")}</span>}
      {nextTry && (
        <span className="text-xs text-slate-600">
          {t("nextTry")} <RelativeTime value={nextAttemptAt} />
        </span>
      )}
    </span>
  );
}
