"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { RelativeTime } from "@/components/ui/relative-time";
import { Section } from "@/components/ui/section";
import { useRecentDeliveries, type DeliveryListItem } from "@/lib/queries/deliveries";
import { RECENT_DELIVERIES } from "@/lib/webhooks/log/schemas";
import { DeliveryStatus } from "@/components/deliveries/delivery-status";
import { useTabHref } from "@/components/webhooks/webhook-tabs";

/** The webhook page's last deliveries, one short line each (wrapping on a phone), newest first, live. */
export function RecentDeliveries({ endpointId, initial }: { endpointId: string; initial?: DeliveryListItem[] }) {
  const t = useTranslations("deliveries.recent");
  const href = useTabHref();
  const recent = useRecentDeliveries(endpointId, initial);
  const deliveries = recent.data ?? [];
  return (
    <Section
      title={t("title", { count: RECENT_DELIVERIES })}
      id="recent-deliveries"
      actions={
        <Link href={href("entregas")} scroll={false} className="text-sm font-medium text-blue-700 underline">
          {t("all")}
        </Link>
      }
    >
      {recent.isError && !recent.data ? (
        <Alert tone="error">{t("loadError")}</Alert>
      ) : deliveries.length === 0 ? (
        <p className="text-sm text-slate-600">{recent.isPending ? t("loading") : t("empty")}</p>
      ) : (
        <ol aria-label={t("listLabel")} className="divide-y divide-slate-100 text-sm">
          {deliveries.map((delivery) => (
            <RecentDelivery key={delivery.id} delivery={delivery} />
          ))}
        </ol>
      )}
    </Section>
  );
}

function RecentDelivery({ delivery }: { delivery: DeliveryListItem }) {
  const t = useTranslations("deliveries.recent");
  const { invoice } = delivery;
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2" data-testid="recent-delivery">
      <span className="w-40 shrink-0">
        <DeliveryStatus status={delivery.status} nextAttemptAt={delivery.next_attempt_at} />
      </span>
      <Link href={`/account/deliveries/${delivery.id}`} className="min-w-0 font-mono text-[13px] break-all text-blue-700 underline">
        {delivery.event_type}
      </Link>
      {invoice.number && <span className="text-slate-700">{t("number", { number: invoice.number })}</span>}
      <span className="font-mono text-slate-700">
        {delivery.last_status_code !== null ? `HTTP ${delivery.last_status_code}` : delivery.last_error ? t("noResponse") : ""}
      </span>
      <span className="text-slate-600">{t("attempts", { count: delivery.attempts })}</span>
      <span className="ml-auto text-slate-600">
        <RelativeTime value={delivery.created_at} />
      </span>
    </li>
  );
}
