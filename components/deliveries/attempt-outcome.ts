"use client";

import { useTranslations } from "use-intl";
import { isOneOf } from "@/lib/one-of";
import type { DeliveryAttempt } from "@/lib/queries/deliveries";

const KINDS = ["timeout", "redirect", "connect", "dns", "tls", "blocked", "http"] as const;
const DEFAULT_TIMEOUT_SECONDS = 15;

/** The timeout actually applied, as the sender wrote it ("no response within 15000 ms"). */
function timeoutSeconds(message: string | null): number {
  const ms = /within (\d+) ms/.exec(message ?? "")?.[1];
  return ms ? Math.round(Number(ms) / 1000) : DEFAULT_TIMEOUT_SECONDS;
}

export type AttemptLike = Pick<DeliveryAttempt, "status_code" | "error_kind" | "error_message">;

/** A short label ("HTTP 500", "Tempo esgotado") and one plain-language sentence about an attempt. */
export function useAttemptOutcome() {
  const t = useTranslations("deliveries.outcome");
  return (attempt: AttemptLike) => {
    const ok = attempt.status_code !== null && attempt.status_code >= 200 && attempt.status_code < 300;
    const kind = ok ? "ok" : isOneOf(KINDS, attempt.error_kind) ? attempt.error_kind : "unknown";
    const values = {
      status: attempt.status_code ?? 0,
      seconds: timeoutSeconds(attempt.error_message),
      detail: attempt.error_message ?? "",
    };
    return {
      ok,
      kind,
      label: attempt.status_code !== null ? `HTTP ${attempt.status_code}` : t(`label.${kind}`),
      explanation: t(`explain.${kind}`, values),
    };
  };
}
