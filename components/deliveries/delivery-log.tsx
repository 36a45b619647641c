"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { useDeliveryLog } from "@/lib/queries/deliveries";
import { DeliveryTable } from "@/components/deliveries/delivery-table";
import { DateTimeInput, EventTypeSelect, FilterBar, SearchBox, StatusSelect } from "@/components/deliveries/filters";
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
  const folded = [values.status, values.event_type, values.from, values.to].filter(Boolean).length;
  return (
    <div className="flex flex-col gap-2">
      <FilterBar search={<SearchBox value={values.q} onSearch={(q) => update({ q })} />} folded={folded} active={active} onClear={clear}>
        <StatusSelect value={values.status} onChange={(status) => update({ status })} />
        <EventTypeSelect value={values.event_type} onChange={(event_type) => update({ event_type })} />
        <DateTimeInput label={t("from")} value={values.from} onChange={(from) => update({ from })} />
        <DateTimeInput label={t("to")} value={values.to} onChange={(to) => update({ to })} />
      </FilterBar>
      <PagedResults
        query={log}
        count={rows.length}
        summary={t("shown", { count: rows.length, more: log.hasNextPage ? "yes" : "no" })}
        loadError={t("loadError")}
        empty={active ? t("emptyFiltered") : t("empty")}
        aside={<LiveToggle paused={paused} onChange={setPaused} />}
      >
        <DeliveryTable deliveries={rows} caption={t("caption")} />
      </PagedResults>
    </div>
  );
}
