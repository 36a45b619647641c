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

/** Entregue / Tentando novamente (with the next try) / Falhou / Cancelado / Pendente / Em pausa / Descartada: always in words. */
export function DeliveryStatus({ status, nextAttemptAt }: { status: string; nextAttemptAt?: string | null }) {
  const t = useTranslations("deliveries.status");
  if (!isKnown(status)) return <Badge>{status}</Badge>;
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      <Badge tone={TONES[status]}>{t(status)}</Badge>
      {status === "waiting" && <span className="text-xs text-slate-600">{t("waitingHint")}</span>}
      {status === "retrying" && nextAttemptAt && (
        <span className="text-xs text-slate-600">
          {t("nextTry")} <RelativeTime value={nextAttemptAt} />
        </span>
      )}
    </span>
  );
}
