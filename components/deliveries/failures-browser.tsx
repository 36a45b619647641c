"use client";

import { useId, useState } from "react";
import { useTranslations } from "use-intl";
import { useFailures } from "@/lib/queries/failures";
import { useWebhooks } from "@/lib/queries/webhooks";
import { FAILURE_STATUSES } from "@/lib/webhooks/log/schemas";
import { useEnvironment } from "@/components/account/environment";
import { BulkResend } from "@/components/deliveries/bulk-resend";
import { DeliveryTable } from "@/components/deliveries/delivery-table";
import { DateTimeInput, EventTypeSelect, FilterBar, SearchBox, StatusSelect } from "@/components/deliveries/filters";
import { LiveToggle } from "@/components/deliveries/live-toggle";
import { PagedResults } from "@/components/deliveries/paged-results";
import { useDraft, useUrlFilters } from "@/components/deliveries/use-url-filters";

const FILTERS = ["status", "endpoint_id", "event_type", "q", "from", "to"] as const;
const DEFAULT_STATUS = "failed";

/**
 * "Falhas": the organization's failed (retrying, paused, cancelled) deliveries across its webhooks, in
 * the dashboard's environment; filters in the URL; rows selected and sent again together.
 */
export function FailuresBrowser({ canChange }: { canChange: boolean }) {
  const t = useTranslations("failures");
  const { values, filters, update, clear, active } = useUrlFilters(FILTERS);
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const environment = useEnvironment();
  const failures = useFailures({ ...filters, environment }, !paused);
  const rows = failures.data?.pages.flatMap((page) => page.deliveries) ?? [];
  // rows that left the list (delivered since, another filter) leave the selection too
  const chosen = rows.filter((row) => selected.has(row.id)).map((row) => row.id);
  const folded = [values.status, values.endpoint_id, values.event_type, values.from, values.to].filter(Boolean).length;

  function toggle(id: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  return (
    <div className="flex flex-col gap-3">
      <FilterBar
        search={<SearchBox value={values.q} onSearch={(q) => update({ q })} />}
        folded={folded}
        active={active}
        onClear={clear}
        columns="sm:grid-cols-2 lg:grid-cols-3"
      >
        <StatusSelect
          value={values.status || DEFAULT_STATUS}
          onChange={(status) => update({ status: status === DEFAULT_STATUS ? "" : status })}
          statuses={FAILURE_STATUSES}
          all={false}
        />
        <WebhookSelect value={values.endpoint_id} onChange={(endpoint_id) => update({ endpoint_id })} />
        <EventTypeSelect value={values.event_type} onChange={(event_type) => update({ event_type })} />
        <DateTimeInput label={t("from")} value={values.from} onChange={(from) => update({ from })} />
        <DateTimeInput label={t("to")} value={values.to} onChange={(to) => update({ to })} />
      </FilterBar>
      {rows.length > 0 &&
        (canChange ? (
          <BulkResend
            pageIds={rows.map((row) => row.id)}
            chosen={chosen}
            onSelectPage={(on) => setSelected(new Set(on ? rows.map((row) => row.id) : []))}
            onSent={() => setSelected(new Set())}
          />
        ) : (
          <p className="text-sm text-slate-600">{t("viewerOnly")}</p>
        ))}
      <PagedResults
        query={failures}
        count={rows.length}
        summary={t("shown", { count: rows.length, more: failures.hasNextPage ? "yes" : "no" })}
        loadError={t("loadError")}
        empty={active ? t("emptyFiltered") : t("empty")}
        aside={<LiveToggle paused={paused} onChange={setPaused} />}
      >
        <DeliveryTable
          deliveries={rows}
          caption={t("caption")}
          selection={canChange ? { selected: new Set(chosen), toggle } : undefined}
          showWebhook
        />
      </PagedResults>
    </div>
  );
}

/** The environment's webhooks by description (else URL). */
function WebhookSelect({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const t = useTranslations("failures");
  const id = useId();
  const webhooks = useWebhooks(useEnvironment()).data ?? [];
  const [draft, setDraft] = useDraft(value);
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {t("webhook")}
      </label>
      <select
        id={id}
        value={draft}
        onChange={(e) => (setDraft(e.target.value), onChange(e.target.value))}
        className="min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
      >
        <option value="">{t("allWebhooks")}</option>
        {webhooks.map((webhook) => (
          <option key={webhook.id} value={webhook.id}>
            {webhook.description || webhook.url || t("pollingWebhook")}
          </option>
        ))}
      </select>
    </div>
  );
}
