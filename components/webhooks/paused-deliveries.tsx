"use client";

import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useErrorText } from "@/components/ui/error-text";
import { useSettlePaused, type Webhook } from "@/lib/queries/webhooks";

/**
 * Deliveries a disabled webhook kept waiting: nothing was dropped. Once the webhook is enabled again
 * the person delivers them all now (oldest first) or discards them (on record, with who and when).
 */
export function PausedDeliveries({ webhook, canChange }: { webhook: Webhook; canChange: boolean }) {
  const t = useTranslations("webhooks.paused");
  const common = useTranslations("common");
  const errorText = useErrorText();
  const settle = useSettlePaused(webhook.id);
  const count = webhook.paused_deliveries;
  if (!count && !settle.isSuccess) return null;
  return (
    <div aria-live="polite">
      {settle.isSuccess && (
        <Alert tone="success">{t(settle.data.action === "deliver" ? "delivering" : "discarded", { count: settle.data.count })}</Alert>
      )}
      {count > 0 && (
        <Alert tone="warning">
          <p className="font-medium">{t("title", { count })}</p>
          <p>{webhook.enabled ? t("choose") : t("enableFirst")}</p>
          {canChange && (
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <Button disabled={!webhook.enabled || settle.isPending} onClick={() => settle.mutate("deliver")}>
                {t("deliver", { count })}
              </Button>
              <ConfirmButton
                label={t("discard")}
                question={t("discardQuestion", { count })}
                disabled={settle.isPending}
                onConfirm={() => settle.mutate("discard")}
              />
            </div>
          )}
          {settle.isError && <p className="mt-2 text-red-700">{errorText.ofRequest(settle.error, common("genericError"))}</p>}
        </Alert>
      )}
    </div>
  );
}
