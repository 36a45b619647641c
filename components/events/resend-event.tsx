"use client";

import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { useResendEvent, type EventDetail } from "@/lib/queries/events";

/** "Reenviar este evento": one new attempt for each webhook that got it and still exists. */
export function ResendEvent({ event, canChange }: { event: EventDetail; canChange: boolean }) {
  const t = useTranslations("deliveries.event");
  const common = useTranslations("common");
  const resend = useResendEvent(event.id);
  const blocked = !canChange ? common("forbidden") : !event.deliveries.length ? t("nothingToResend") : undefined;
  const succeeded = resend.data?.deliveries.filter((d) => d.status === "succeeded").length ?? 0;
  return (
    <div className="flex flex-col gap-2 border-t border-slate-100 pt-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          disabled={Boolean(blocked)}
          aria-disabled={resend.isPending || undefined}
          aria-describedby={blocked ? "resend-event-blocked" : "resend-event-hint"}
          onClick={() => !resend.isPending && resend.mutate()}
        >
          {t("resend")}
        </Button>
        <span id={blocked ? "resend-event-blocked" : "resend-event-hint"} className="text-sm text-slate-600">
          {blocked ?? t("resendHint")}
        </span>
      </div>
      <div aria-live="polite" aria-atomic="true" className="text-sm">
        {resend.isPending && <p>{t("resending")}</p>}
        {resend.isSuccess && <p>{t("resent", { count: resend.data.deliveries.length, succeeded })}</p>}
        {resend.isError && <p className="text-red-700">{common("genericError")}</p>}
      </div>
    </div>
  );
}
