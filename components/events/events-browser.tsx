"use client";

import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { AbsoluteTime } from "@/components/ui/relative-time";
import { useEvents, type EventListItem } from "@/lib/queries/events";
import { EventTypeSelect, FilterBar, SearchBox } from "@/components/deliveries/filters";
import { InvoiceIds } from "@/components/deliveries/invoice-ids";
import { LiveToggle } from "@/components/deliveries/live-toggle";
import { PagedResults } from "@/components/deliveries/paged-results";
import { useUrlFilters } from "@/components/deliveries/use-url-filters";
import { EventDeliveryList } from "@/components/events/event-deliveries";
import { TableHead } from "@/components/ui/table-head";
import { usePortalMode } from "@/components/account/portal-mode";
import { useEnvironment } from "@/components/account/environment";

const FILTERS = ["type", "q"] as const;

/** The organization's events, searchable by business identifier, each with every endpoint's delivery. */
export function EventsBrowser() {
  const t = useTranslations("deliveries.events");
  // a portal session (platform mode) has no simulator: the integrator publishes
  const portal = usePortalMode();
  const { values, filters, update, clear, active } = useUrlFilters(FILTERS);
  const [paused, setPaused] = useState(false);
  // the dashboard's environment is part of the query, not of the page URL's filters
  const environment = useEnvironment();
  const events = useEvents({ ...filters, environment }, !paused);
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];

  return (
    <div className="flex flex-col gap-3">
      <FilterBar
        search={<SearchBox value={values.q} onSearch={(q) => update({ q })} />}
        folded={values.type ? 1 : 0}
        active={active}
        onClear={clear}
      >
        <EventTypeSelect value={values.type} onChange={(type) => update({ type })} />
      </FilterBar>

      <PagedResults
        query={events}
        count={rows.length}
        summary={t("shown", { count: rows.length, more: events.hasNextPage ? "yes" : "no" })}
        loadError={t("loadError")}
        aside={<LiveToggle paused={paused} onChange={setPaused} />}
        empty={
          active ? (
            t("emptyFiltered")
          ) : (
            <>
              {t("empty")}{" "}
              {!portal && (
                <Link href="/account/simulator" className="text-blue-700 underline">
                  {t("trySimulator")}
                </Link>
              )}
            </>
          )
        }
      >
        <EventTable events={rows} />
      </PagedResults>
    </div>
  );
}

function EventTable({ events }: { events: EventListItem[] }) {
  const t = useTranslations("deliveries.events");
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white px-4 shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <TableHead columns={[t("columns.event"), t("columns.invoice"), t("columns.deliveries"), t("columns.created")]} />
        <tbody className="divide-y divide-slate-100">
          {events.map((event) => (
            <tr key={event.id} className="align-top">
              <th scope="row" className="py-3 pr-4 font-normal">
                <Link
                  data-row-link
                  href={`/account/events/${event.id}`}
                  className="font-mono text-[13px] break-all text-blue-700 underline"
                >
                  {event.type}
                </Link>
              </th>
              <td className="py-3 pr-4">
                <InvoiceIds invoice={event.invoice} />
              </td>
              <td className="py-3 pr-4">
                <EventDeliveryList deliveries={event.deliveries} />
              </td>
              <td className="py-3 whitespace-nowrap text-slate-600">
                <AbsoluteTime value={event.created_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
