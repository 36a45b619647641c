"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";
import { CopyButton } from "@/components/ui/copy-button";
import { AbsoluteTime } from "@/components/ui/relative-time";
import { Section } from "@/components/ui/section";
import { useEvent, type EventDetail } from "@/lib/queries/events";
import { CodeBlock } from "@/components/deliveries/code-block";
import { DeliveryStatus } from "@/components/deliveries/delivery-status";
import { InvoiceRows } from "@/components/deliveries/invoice-ids";
import { Missing } from "@/components/deliveries/duration";
import { ResendEvent } from "@/components/events/resend-event";
import { EnvironmentBadge } from "@/components/account/environment";

/** An event: summary, every endpoint's delivery (with "Reenviar este evento") and its data. */
export function EventDetailView({ initial, canChange }: { initial: EventDetail; canChange: boolean }) {
  const t = useTranslations("deliveries.event");
  const event = useEvent(initial.id, initial).data ?? initial;
  return (
    <div className="flex flex-col gap-6">
      <Section title={t("summary")} id="summary">
        <EventSummary event={event} />
      </Section>
      <Section title={t("deliveries", { count: event.deliveries.length })} id="deliveries">
        <div className="flex flex-col gap-4">
          <EventDeliveriesTable event={event} />
          <ResendEvent event={event} canChange={canChange} />
        </div>
      </Section>
      <Section title={t("data")} id="data">
        <CodeBlock label={t("dataLabel")} text={JSON.stringify(event.data, null, 2)} copyLabel={t("copyData")} />
      </Section>
    </div>
  );
}

function EventSummary({ event }: { event: EventDetail }) {
  const t = useTranslations("deliveries.event");
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
      <dt className="text-slate-600">{t("type")}</dt>
      <dd>
        <code className="font-mono text-[13px]">{event.type}</code>
      </dd>
      <dt className="text-slate-600">{t("id")}</dt>
      <dd className="flex flex-wrap items-center gap-2">
        <code className="font-mono text-[13px] break-all">{event.id}</code>
        <CopyButton value={event.id} label={t("copyId")} />
      </dd>
      <dt className="text-slate-600">{t("idempotencyKey")}</dt>
      <dd className="font-mono text-[13px] break-all">{event.idempotency_key ?? <Missing />}</dd>
      <dt className="text-slate-600">{t("environment")}</dt>
      <dd>
        <EnvironmentBadge environment={event.environment} />
      </dd>
      <InvoiceRows invoice={event.invoice} />
      <dt className="text-slate-600">{t("created")}</dt>
      <dd>
        <AbsoluteTime value={event.created_at} />
      </dd>
    </dl>
  );
}

function EventDeliveriesTable({ event }: { event: EventDetail }) {
  const t = useTranslations("deliveries.event");
  const events = useTranslations("deliveries.events");
  if (!event.deliveries.length) return <p className="text-sm text-slate-600">{events("noDeliveries")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("deliveriesCaption")}</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-600 uppercase">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              {t("columns.endpoint")}
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              {t("columns.status")}
            </th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">
              {t("columns.attempts")}
            </th>
            <th scope="col" className="py-2 font-medium">
              {t("columns.lastStatus")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {event.deliveries.map((delivery) => (
            <tr key={delivery.id} className="align-top">
              <th scope="row" className="py-3 pr-4 font-normal">
                <Link href={`/account/deliveries/${delivery.id}`} className="font-mono text-[13px] break-all text-blue-700 underline">
                  {delivery.url}
                </Link>
              </th>
              <td className="py-3 pr-4">
                <DeliveryStatus status={delivery.status} />
              </td>
              <td className="py-3 pr-4 text-right tabular-nums">{delivery.attempts}</td>
              <td className="py-3 font-mono whitespace-nowrap">
                {delivery.last_status_code === null ? <Missing /> : `HTTP ${delivery.last_status_code}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
