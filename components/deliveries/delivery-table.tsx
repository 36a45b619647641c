"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";
import { formatCnpj } from "@/lib/cnpj";
import type { DeliveryListItem } from "@/lib/queries/deliveries";
import { accessKeyTail } from "@/components/deliveries/format";
import { DeliveryStatus } from "@/components/deliveries/delivery-status";
import { Missing } from "@/components/deliveries/duration";
import { InvoiceLine, LastResult, RowTime, useWebhookName, WebhookName } from "@/components/deliveries/row-cells";

/** A delivery of the list; "Falhas" rows also name their webhook. */
export type DeliveryTableRow = DeliveryListItem & {
  endpoint?: { id: string; url: string | null; description: string; deleted: boolean };
};

/** "Falhas": a checkbox per row, the row's delivery id in `selected` when ticked. */
export interface RowSelection {
  selected: ReadonlySet<string>;
  toggle: (id: string, on: boolean) => void;
}

// Below md each row is a card: the table's parts become blocks, their roles stay a table's.
const HEAD = "py-1.5 pr-3 font-medium whitespace-nowrap";
const CELL = "md:py-[3px] md:pr-3 md:whitespace-nowrap";
// the CNPJ is on every card; in the table, from lg up when there is no webhook column to make room for
const cnpjHidden = (showWebhook: boolean) => (showWebhook ? "md:hidden" : "md:max-lg:hidden");

/**
 * One line per delivery (status, event type, invoice number and the key's last digits, CNPJ, last
 * answer, attempts, time); the event type links to the delivery page. Cards on narrow screens.
 */
export function DeliveryTable({
  deliveries,
  caption,
  selection,
  showWebhook = false,
}: {
  deliveries: DeliveryTableRow[];
  caption: string;
  selection?: RowSelection;
  showWebhook?: boolean;
}) {
  const t = useTranslations("deliveries.log");
  return (
    <div className="md:rounded-lg md:border md:border-slate-200 md:bg-white md:px-4 md:shadow-sm md:max-lg:overflow-x-auto">
      <table role="table" className="w-full text-left text-sm max-md:block">
        <caption className="sr-only">{caption}</caption>
        <thead role="rowgroup" className="border-b border-slate-200 text-xs text-slate-600 uppercase max-md:sr-only">
          <tr role="row">
            {selection && (
              <th role="columnheader" scope="col" className={HEAD}>
                <span className="sr-only">{t("columns.select")}</span>
              </th>
            )}
            <th role="columnheader" scope="col" className={HEAD}>
              {t("columns.status")}
            </th>
            <th role="columnheader" scope="col" className={HEAD}>
              {t("columns.event")}
            </th>
            {showWebhook && (
              <th role="columnheader" scope="col" className={HEAD}>
                {t("columns.webhook")}
              </th>
            )}
            <th role="columnheader" scope="col" className={HEAD}>
              {t("columns.invoice")}
            </th>
            <th role="columnheader" scope="col" className={`${HEAD} ${cnpjHidden(showWebhook)}`}>
              {t("columns.cnpj")}
            </th>
            <th role="columnheader" scope="col" className={HEAD}>
              {t("columns.lastStatus")}
            </th>
            <th role="columnheader" scope="col" className={`${HEAD} text-right`}>
              {t("columns.attempts")}
            </th>
            <th role="columnheader" scope="col" className="py-1.5 font-medium">
              {t("columns.created")}
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup" className="divide-y divide-slate-100 max-md:flex max-md:flex-col max-md:gap-2 max-md:divide-y-0">
          {deliveries.map((delivery) => (
            <DeliveryRow key={delivery.id} delivery={delivery} selection={selection} showWebhook={showWebhook} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeliveryRow({ delivery, selection, showWebhook }: { delivery: DeliveryTableRow; selection?: RowSelection; showWebhook: boolean }) {
  const t = useTranslations("deliveries.log");
  const invoiceText = useTranslations("deliveries.invoice");
  const webhookName = useWebhookName();
  const { number, access_key } = delivery.invoice;
  // "nfe.authorized · Nº 4242 · erp.example.com/nfe": tells apart the rows of one invoice to two webhooks
  const named = [
    delivery.event_type,
    number ? invoiceText("numberOnly", { number }) : access_key && `…${accessKeyTail(access_key)}`,
    delivery.endpoint && webhookName(delivery.endpoint),
  ]
    .filter(Boolean)
    .join(" · ");
  const selected = selection?.selected.has(delivery.id) ?? false;
  return (
    <tr
      role="row"
      className={`hover:bg-slate-50 max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-3 max-md:gap-y-1 max-md:rounded-lg max-md:border max-md:border-slate-200 max-md:p-3 max-md:shadow-sm ${selected ? "bg-blue-50" : "max-md:bg-white"}`}
    >
      {selection && (
        <td role="cell" className={`${CELL} max-md:order-0`}>
          <input
            type="checkbox"
            checked={selected}
            onChange={(event) => selection.toggle(delivery.id, event.target.checked)}
            aria-label={t("selectRow", { delivery: named })}
            className="size-4 align-middle accent-blue-700"
          />
        </td>
      )}
      <td role="cell" className={`${CELL} max-md:order-1`}>
        <DeliveryStatus status={delivery.status} nextAttemptAt={delivery.next_attempt_at} inline />
      </td>
      <th role="rowheader" scope="row" className={`${CELL} font-normal max-md:order-3 max-md:basis-full`}>
        <Link
          data-row-link
          href={`/account/deliveries/${delivery.id}`}
          className="font-mono text-[13px] break-words text-blue-700 underline"
        >
          {delivery.event_type}
        </Link>
      </th>
      {showWebhook && (
        <td role="cell" className={`${CELL} max-md:order-4 max-md:basis-full`}>
          {delivery.endpoint && <WebhookName endpoint={delivery.endpoint} />}
        </td>
      )}
      <td role="cell" className={`${CELL} max-md:order-5`}>
        <InvoiceLine invoice={delivery.invoice} />
      </td>
      <td role="cell" className={`${CELL} font-mono text-[13px] text-slate-700 ${cnpjHidden(showWebhook)} max-md:order-6`}>
        {delivery.invoice.company_cnpj ? formatCnpj(delivery.invoice.company_cnpj) : <Missing />}
      </td>
      <td role="cell" className={`${CELL} max-md:order-7`}>
        <LastResult delivery={delivery} />
      </td>
      <td role="cell" className={`${CELL} tabular-nums md:text-right max-md:order-8`}>
        <span className="max-md:hidden">{delivery.attempts}</span>
        <span className="text-slate-700 md:hidden">{t("attemptsCount", { count: delivery.attempts })}</span>
      </td>
      <td role="cell" className="whitespace-nowrap text-slate-600 md:py-[3px] max-md:order-2 max-md:ml-auto max-md:text-xs">
        <RowTime value={delivery.created_at} />
      </td>
    </tr>
  );
}
