"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";
import { CopyButton } from "@/components/ui/copy-button";
import { AbsoluteTime } from "@/components/ui/relative-time";
import { Section } from "@/components/ui/section";
import { isUnsettled, useDelivery, type DeliveryDetail } from "@/lib/queries/deliveries";
import { AttemptItem } from "@/components/deliveries/attempt-item";
import { CodeBlock } from "@/components/deliveries/code-block";
import { DeliveryStatus } from "@/components/deliveries/delivery-status";
import { InvoiceRows } from "@/components/deliveries/invoice-ids";
import { prettyBody } from "@/components/deliveries/format";
import { ResendDelivery } from "@/components/deliveries/resend-delivery";
import { useBodyFormatName } from "@/components/deliveries/body-format";
import type { RetryScheduleInForce } from "@/lib/webhooks/engine/retry";
import { RetryScheduleText } from "@/components/webhooks/retry-schedule";

interface DeliveryDetailProps {
  initial: DeliveryDetail;
  canChange: boolean;
  /** the retries its endpoint's policy gets on this server */
  schedule?: RetryScheduleInForce;
}

/** The delivery page: summary, "Reenviar", the payload and every attempt (newest first, with the gaps between them). */
export function DeliveryDetailView({ initial, canChange, schedule }: DeliveryDetailProps) {
  const t = useTranslations("deliveries.detail");
  const formatName = useBodyFormatName();
  const delivery = useDelivery(initial.id, initial).data ?? initial;
  const attempts = delivery.attempts.map((attempt, i) => ({ attempt, previous: delivery.attempts[i - 1] })).reverse();
  return (
    <div className="flex flex-col gap-6">
      <Section title={t("summary")} id="summary">
        <Summary delivery={delivery} />
        <div className="mt-4 border-t border-slate-100 pt-4">
          <ResendDelivery delivery={delivery} canChange={canChange} />
        </div>
      </Section>
      <Section title={t("payload")} id="payload">
        <CodeBlock
          label={t("payloadLabel")}
          text={prettyBody(delivery.request.body)}
          copyLabel={t("copyPayload")}
          note={t("bodyFormat", { format: formatName(delivery.request.body_format) })}
        />
      </Section>
      <Section title={t("attempts", { count: delivery.attempts.length })} id="attempts">
        {schedule && delivery.endpoint.kind !== "polling" && (
          <p className="mb-4 text-sm text-slate-700">
            <RetryScheduleText policy={delivery.endpoint.retry_policy} schedule={schedule} />
          </p>
        )}
        {attempts.length ? (
          <ol className="flex flex-col gap-4" aria-label={t("timeline")}>
            {attempts.map(({ attempt, previous }, index) => (
              <AttemptItem
                key={attempt.id}
                attempt={attempt}
                previous={previous}
                url={delivery.endpoint.url ?? ""}
                body={delivery.request.body}
                bodyFormat={delivery.request.body_format}
                latest={index === 0}
              />
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-600">{t(delivery.endpoint.kind === "polling" ? "noAttemptsPolling" : "noAttempts")}</p>
        )}
      </Section>
    </div>
  );
}

function Summary({ delivery }: { delivery: DeliveryDetail }) {
  const t = useTranslations("deliveries.detail");
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
      <dt className="text-slate-600">{t("status")}</dt>
      <dd className="flex flex-wrap items-center gap-2">
        <DeliveryStatus status={delivery.status} nextAttemptAt={delivery.next_attempt_at} />
        {isUnsettled(delivery.status) && <span className="text-xs text-slate-600">{t("live")}</span>}
      </dd>
      {delivery.endpoint.kind === "polling" && (
        <>
          <dt className="text-slate-600">{t("feed")}</dt>
          <dd>
            {delivery.acknowledged_at ? (
              <>
                {t("readAt")} <AbsoluteTime value={delivery.acknowledged_at} />
              </>
            ) : (
              t("notReadYet")
            )}
          </dd>
        </>
      )}
      <dt className="text-slate-600">webhook-id</dt>
      <dd className="flex flex-wrap items-center gap-2">
        <code className="font-mono text-[13px] break-all">{delivery.webhook_id}</code>
        <CopyButton value={delivery.webhook_id} label={t("copyWebhookId")} />
      </dd>
      <dt className="text-slate-600">{t("eventType")}</dt>
      <dd>
        <code className="font-mono text-[13px]">{delivery.event_type}</code>
      </dd>
      <dt className="text-slate-600">{t("event")}</dt>
      <dd>
        <Link href={`/account/events/${delivery.event_id}`} className="font-mono text-[13px] break-all text-blue-700 underline">
          {delivery.event_id}
        </Link>
      </dd>
      <InvoiceRows invoice={delivery.invoice} />
      <dt className="text-slate-600">{t("endpoint")}</dt>
      <dd className="flex flex-col gap-1">
        {delivery.endpoint.deleted ? (
          <span className="font-mono text-[13px] break-all">
            {delivery.endpoint.url ?? t("polling")} <span className="font-sans text-slate-600">({t("endpointDeleted")})</span>
          </span>
        ) : (
          <>
            <Link href={`/account/webhooks/${delivery.endpoint.id}`} className="font-mono text-[13px] break-all text-blue-700 underline">
              {delivery.endpoint.url ?? t("polling")}
            </Link>
            <Link href={`/account/webhooks/${delivery.endpoint.id}/deliveries`} className="text-blue-700 underline">
              {t("backToLog")}
            </Link>
          </>
        )}
      </dd>
      <dt className="text-slate-600">{t("created")}</dt>
      <dd>
        <AbsoluteTime value={delivery.created_at} />
      </dd>
    </dl>
  );
}
