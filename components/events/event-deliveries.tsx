"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";
import type { EventDelivery } from "@/lib/queries/events";
import { DeliveryStatus } from "@/components/deliveries/delivery-status";

/** Every endpoint's delivery of one event, compact: status and URL (a link to the delivery page). */
export function EventDeliveryList({ deliveries }: { deliveries: EventDelivery[] }) {
  const t = useTranslations("deliveries.events");
  if (!deliveries.length) return <span className="text-slate-600">{t("noDeliveries")}</span>;
  return (
    <ul className="flex flex-col gap-2">
      {deliveries.map((delivery) => (
        <li key={delivery.id} className="flex flex-wrap items-start gap-2">
          <DeliveryStatus status={delivery.status} />
          <Link href={`/account/deliveries/${delivery.id}`} className="min-w-0 font-mono text-[13px] break-all text-blue-700 underline">
            {delivery.url}
          </Link>
          {delivery.last_status_code !== null && <span className="font-mono text-xs text-slate-600">HTTP {delivery.last_status_code}</span>}
        </li>
      ))}
    </ul>
  );
}
