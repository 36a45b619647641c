"use client";

import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { ApiRequestError } from "@/lib/queries/fetcher";
import { usePingWebhook } from "@/lib/queries/webhooks";
import { PingDetails, usePingSummary } from "@/components/webhooks/ping-result";

/** "Enviar teste": a signed `webhook.test` now, and everything the receiver answered. */
export function SendTest({ webhookId, canChange }: { webhookId: string; canChange: boolean }) {
  const t = useTranslations("webhooks.test");
  const common = useTranslations("common");
  const ping = usePingWebhook(webhookId);
  const pingSummary = usePingSummary();
  const result = ping.data;
  const failed =
    ping.error instanceof ApiRequestError && ping.error.status === 403
      ? common("forbidden")
      : ping.isError
        ? common("genericError")
        : undefined;

  return (
    <Section title={t("title")} id="test">
      <p className="mb-4 text-sm text-slate-600">{t("intro")}</p>
      {canChange ? (
        <Button variant="secondary" disabled={ping.isPending} onClick={() => ping.mutate()}>
          {ping.isPending ? t("sending") : t("send")}
        </Button>
      ) : (
        <p className="text-sm text-slate-600">{common("forbidden")}</p>
      )}
      <div aria-live="polite" aria-atomic="true" className="mt-4 empty:mt-0">
        {ping.isPending && <p className="text-sm text-slate-600">{t("sending")}</p>}
        {result && !ping.isPending && (
          <p
            className={`rounded-md border px-3 py-2 text-sm ${result.ok ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-900"}`}
          >
            <span className="font-semibold">{result.ok ? t("succeeded") : t("failed")}</span> {pingSummary(result)}
          </p>
        )}
      </div>
      {failed && (
        <div className="mt-4">
          <Alert tone="error">{failed}</Alert>
        </div>
      )}
      {result && !ping.isPending && (
        <div className="mt-4">
          <PingDetails ping={result} />
        </div>
      )}
    </Section>
  );
}
