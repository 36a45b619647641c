"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { useDeliveryLog } from "@/lib/queries/deliveries";
import { DeliveryTable } from "@/components/deliveries/delivery-table";
import { DateTimeInput, EventTypeSelect, SearchBox, StatusSelect } from "@/components/deliveries/filters";
import { LiveToggle } from "@/components/deliveries/live-toggle";
import { PagedResults } from "@/components/deliveries/paged-results";
import { useUrlFilters } from "@/components/deliveries/use-url-filters";

const FILTERS = ["status", "event_type", "q", "from", "to"] as const;

/** The endpoint's deliveries: filters in the URL, newest first, live, "Carregar mais" for older ones. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const t = useTranslations("deliveries.log");
  const { values, filters, update, clear, active } = useUrlFilters(FILTERS);
  const [paused, setPaused] = useState(false);
  const log = useDeliveryLog(endpointId, filters, !paused);
  const rows = log.data?.pages.flatMap((page) => page.deliveries) ?? [];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <SearchBox value={values.q} onSearch={(q) => update({ q })} />
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <StatusSelect value={values.status} onChange={(status) => update({ status })} />
          <EventTypeSelect value={values.event_type} onChange={(event_type) => update({ event_type })} />
          <DateTimeInput label={t("from")} value={values.from} onChange={(from) => update({ from })} />
          <DateTimeInput label={t("to")} value={values.to} onChange={(to) => update({ to })} />
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <LiveToggle paused={paused} onChange={setPaused} />
          {active && (
            <Button variant="ghost" onClick={clear}>
              {t("clearFilters")}
            </Button>
          )}
        </div>
      </div>
      <PagedResults
        query={log}
        count={rows.length}
        summary={t("shown", { count: rows.length, more: log.hasNextPage ? "yes" : "no" })}
        loadError={t("loadError")}
        empty={active ? t("emptyFiltered") : t("empty")}
      >
        <DeliveryTable deliveries={rows} />
      </PagedResults>
    </div>
  );
}
