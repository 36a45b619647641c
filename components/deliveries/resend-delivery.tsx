"use client";

import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { ApiRequestError } from "@/lib/queries/fetcher";
import { useResendDelivery, type DeliveryDetail } from "@/lib/queries/deliveries";
import { useAttemptOutcome } from "@/components/deliveries/attempt-outcome";
import { useErrorText } from "@/components/ui/error-text";

/** "Reenviar": one more attempt soon (queued), same webhook-id; the result is announced and joins the timeline. */
export function ResendDelivery({ delivery, canChange }: { delivery: DeliveryDetail; canChange: boolean }) {
  const t = useTranslations("deliveries.resend");
  const common = useTranslations("common");
  const resend = useResendDelivery(delivery.id);
  const outcomeOf = useAttemptOutcome();
  const errorText = useErrorText();
  const blocked = !canChange
    ? common("forbidden")
    : delivery.endpoint.deleted
      ? t("endpointDeleted")
      : delivery.endpoint.kind === "polling"
        ? t("polling")
        : undefined;
  const latest = resend.data?.attempt;

  function result(): string {
    if (resend.isPending) return t("sending");
    if (resend.isError) return resend.error instanceof ApiRequestError && resend.error.status === 409 ? conflict() : common("genericError");
    if (!latest) return t("queued");
    const outcome = outcomeOf(latest);
    return t(outcome.ok ? "succeeded" : "failed", { number: latest.number, result: outcome.label, ms: latest.duration_ms });
  }

  function conflict(): string {
    if (resend.error instanceof ApiRequestError && resend.error.code === "delivery.waiting_predecessor")
      return errorText("delivery.waiting_predecessor") ?? common("genericError");
    return delivery.endpoint.deleted ? t("endpointDeleted") : t("endpointDisabled");
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          disabled={Boolean(blocked)}
          aria-disabled={resend.isPending || undefined}
          aria-describedby={blocked ? "resend-blocked" : "resend-hint"}
          onClick={() => !resend.isPending && resend.mutate()}
        >
          {t("button")}
        </Button>
        <span id={blocked ? "resend-blocked" : "resend-hint"} className="text-sm text-slate-600">
          {blocked ?? t("hint")}
        </span>
      </div>
      <div aria-live="polite" aria-atomic="true">
        {(resend.isPending || resend.isSuccess) && <p className="text-sm">{result()}</p>}
        {resend.isError && <p className="text-sm text-red-700">{result()}</p>}
      </div>
    </div>
  );
}
