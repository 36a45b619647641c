"use client";

// The cells of a delivery row (components/deliveries/delivery-table.tsx), each on one line.
import Link from "next/link";
import { useFormatter, useTranslations } from "use-intl";
import type { DeliveryListItem } from "@/lib/queries/deliveries";
import { AccessKeyTail } from "@/components/deliveries/access-key-tail";
import type { DeliveryTableRow } from "@/components/deliveries/delivery-table";
import { Duration, Missing } from "@/components/deliveries/duration";
import { sefazText } from "@/components/deliveries/invoice-ids";

/**
 * "Nº 4242 · …02938472 · SEFAZ 539": the key's last digits (the whole key on hover and focus), and
 * SEFAZ's code when the event has its answer (its text on hover, for screen readers and on the
 * delivery page); the series and the event's place in its invoice on hover and for screen readers.
 */
export function InvoiceLine({ invoice }: { invoice: DeliveryListItem["invoice"] }) {
  const t = useTranslations("deliveries.invoice");
  const { series, number, access_key, sefaz, sequence } = invoice;
  if (!number && !access_key) return <span className="text-slate-600">{t("none")}</span>;
  const place = sequence != null && t("sequenceOf", { sequence });
  const title = [series && number && t("seriesNumber", { series, number }), place].filter(Boolean).join(" · ");
  const spoken = [series && t("seriesOnly", { series }), place].filter(Boolean).join(", ");
  const dot = (
    <span aria-hidden="true" className="text-slate-400">
      ·
    </span>
  );
  return (
    <span className="inline-flex items-baseline gap-1.5 whitespace-nowrap">
      {number && <span title={title || undefined}>{t("numberOnly", { number })}</span>}
      {spoken && <span className="sr-only">{spoken}</span>}
      {number && access_key && dot}
      {access_key && <AccessKeyTail value={access_key} />}
      {sefaz && (
        <>
          {dot}
          <span title={sefazText(sefaz)} className="text-xs text-slate-700">
            <span aria-hidden="true">SEFAZ {sefaz.code}</span>
            <span className="sr-only">
              {t("sefaz")} {sefazText(sefaz)}
            </span>
          </span>
        </>
      )}
    </span>
  );
}

/** "HTTP 500 · 120 ms", or "Sem resposta" with the error (whole on hover; in full on the delivery page). */
export function LastResult({ delivery }: { delivery: DeliveryListItem }) {
  const t = useTranslations("deliveries.log");
  const latency = delivery.last_duration_ms !== null && (
    <span className="text-slate-600">
      {" · "}
      <Duration ms={delivery.last_duration_ms} />
    </span>
  );
  if (delivery.last_status_code !== null)
    return (
      <span className="whitespace-nowrap">
        <span className="font-mono">HTTP {delivery.last_status_code}</span>
        {latency}
      </span>
    );
  if (!delivery.last_error) return <Missing />;
  return (
    <span className="inline-block max-w-[12rem] truncate align-bottom" title={delivery.last_error}>
      {t("noResponse")}
      <span className="text-xs text-slate-600"> · {delivery.last_error}</span>
    </span>
  );
}

/** "05/12 14:02:11" in Brasília time; the full date on hover (and on the delivery page). */
export function RowTime({ value }: { value: string }) {
  const format = useFormatter();
  const date = new Date(value);
  const full = format.dateTime(date, { dateStyle: "long", timeStyle: "medium", timeZone: "America/Sao_Paulo" });
  return (
    <span title={full}>
      <time dateTime={date.toISOString()} suppressHydrationWarning>
        {format.dateTime(date, {
          day: "2-digit",
          month: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
          second: "2-digit",
          timeZone: "America/Sao_Paulo",
        })}
      </time>
    </span>
  );
}

type Endpoint = NonNullable<DeliveryTableRow["endpoint"]>;

/** The webhook's description, else its host and path (a polling webhook has no URL). */
export function useWebhookName() {
  const t = useTranslations("deliveries.log");
  return (endpoint: Endpoint) => endpoint.description || hostOf(endpoint.url) || t("pollingWebhook");
}

/** The webhook's name; the whole URL on hover; a link to its page. */
export function WebhookName({ endpoint }: { endpoint: Endpoint }) {
  const t = useTranslations("deliveries.log");
  const name = useWebhookName()(endpoint);
  return (
    <Link
      href={`/account/webhooks/${endpoint.id}`}
      title={endpoint.url ?? undefined}
      className="inline-block max-w-[11rem] truncate align-bottom text-blue-700 underline max-md:max-w-full"
    >
      {name}
      {endpoint.deleted && ` (${t("deletedWebhook")})`}
    </Link>
  );
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return url;
  }
}
