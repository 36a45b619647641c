"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";
import { AbsoluteTime } from "@/components/ui/relative-time";
import type { DeliveryListItem } from "@/lib/queries/deliveries";
import { DeliveryStatus } from "@/components/deliveries/delivery-status";
import { Duration, Missing } from "@/components/deliveries/duration";
import { InvoiceIds } from "@/components/deliveries/invoice-ids";

const TH = "py-2 pr-4 font-medium";

/** One row per delivery; the event type links to the delivery page. */
export function DeliveryTable({ deliveries }: { deliveries: DeliveryListItem[] }) {
  const t = useTranslations("deliveries.log");
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white px-4 shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-600 uppercase">
          <tr>
            <th scope="col" className={TH}>
              {t("columns.event")}
            </th>
            <th scope="col" className={TH}>
              {t("columns.invoice")}
            </th>
            <th scope="col" className={TH}>
              {t("columns.status")}
            </th>
            <th scope="col" className={`${TH} text-right`}>
              {t("columns.attempts")}
            </th>
            <th scope="col" className={TH}>
              {t("columns.lastStatus")}
            </th>
            <th scope="col" className={`${TH} text-right`}>
              {t("columns.latency")}
            </th>
            <th scope="col" className="py-2 font-medium">
              {t("columns.created")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {deliveries.map((delivery) => (
            <DeliveryRow key={delivery.id} delivery={delivery} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeliveryRow({ delivery }: { delivery: DeliveryListItem }) {
  return (
    <tr className="align-top hover:bg-slate-50">
      <th scope="row" className="py-3 pr-4 font-normal">
        <Link data-row-link href={`/account/deliveries/${delivery.id}`} className="font-mono text-[13px] break-all text-blue-700 underline">
          {delivery.event_type}
        </Link>
      </th>
      <td className="py-3 pr-4">
        <InvoiceIds invoice={delivery.invoice} />
      </td>
      <td className="py-3 pr-4">
        <DeliveryStatus status={delivery.status} nextAttemptAt={delivery.next_attempt_at} />
      </td>
      <td className="py-3 pr-4 text-right tabular-nums">{delivery.attempts}</td>
      <td className="py-3 pr-4">
        <LastResult delivery={delivery} />
      </td>
      <td className="py-3 pr-4 text-right whitespace-nowrap tabular-nums">
        <Duration ms={delivery.last_duration_ms} />
      </td>
      <td className="py-3 whitespace-nowrap text-slate-600">
        <AbsoluteTime value={delivery.created_at} />
      </td>
    </tr>
  );
}

function LastResult({ delivery }: { delivery: DeliveryListItem }) {
  const t = useTranslations("deliveries.log");
  if (delivery.last_status_code !== null) return <span className="font-mono whitespace-nowrap">HTTP {delivery.last_status_code}</span>;
  if (!delivery.last_error) return <Missing />;
  return (
    <span className="flex flex-col">
      <span>{t("noResponse")}</span>
      <span className="block max-w-[14rem] truncate text-xs text-slate-600" title={delivery.last_error}>
        {delivery.last_error}
      </span>
    </span>
  );
}
