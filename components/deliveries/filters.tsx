"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import { useLocale, useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import type { Locale } from "@/lib/i18n/config";
import { DELIVERY_STATUSES, type DeliveryStatusName } from "@/lib/webhooks/log/schemas";
import { eventTypeGroups } from "@/lib/webhooks/catalog";
import { classifySearch } from "@/lib/webhooks/log/search";
import { fromLocalInput, toLocalInput } from "@/components/deliveries/format";
import { useDraft } from "@/components/deliveries/use-url-filters";

const CONTROL = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

function Labelled({ label, id, children, className = "" }: { label: string; id: string; children: ReactNode; className?: string }) {
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
    </div>
  );
}

/**
 * Access key, CNPJ, invoice number, event id or webhook-id; applied on Enter or "Buscar". The button
 * beside the field names it on screen (the label is read by screen readers); what a term is searched as
 * shows below it once there is one.
 */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const t = useTranslations("deliveries.filters");
  const id = useId();
  const [draft, setDraft] = useDraft(value);
  const kind = classifySearch(value).kind;
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(draft.trim());
  }
  return (
    <form role="search" onSubmit={submit} className="flex flex-col gap-1">
      <label htmlFor={id} className="sr-only">
        {t("search")}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          type="search"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          placeholder="3526… · 12.345.678/0001-95 · 4242 · msg_…"
          className={`min-w-0 flex-1 font-mono ${CONTROL}`}
        />
        <Button type="submit" variant="secondary">
          {t("searchButton")}
        </Button>
      </div>
      <p id={`${id}-hint`} className={value ? `text-xs ${kind === "unknown" ? "text-amber-800" : "text-slate-600"}` : "sr-only"}>
        {value ? t(`searchKind.${kind}`) : t("searchHint")}
      </p>
    </form>
  );
}

/**
 * The search box always in view; the other filters folded behind "Filtros (2)" (how many are on),
 * so the rows start near the top. "Limpar filtros" while any filter or search is on.
 */
export function FilterBar({
  search,
  folded,
  active,
  onClear,
  columns = "sm:grid-cols-2 lg:grid-cols-4",
  children,
}: {
  search: ReactNode;
  /** how many of the folded filters are on */
  folded: number;
  /** any filter or search is on */
  active: boolean;
  onClear: () => void;
  /** the folded filters' grid columns */
  columns?: string;
  children: ReactNode;
}) {
  const t = useTranslations("deliveries.filters");
  const log = useTranslations("deliveries.log");
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-start gap-2">
        <div className="min-w-0 flex-1 basis-64">{search}</div>
        <Button variant="secondary" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
          {t("toggle", { count: folded })}
          <span aria-hidden="true">{open ? "▴" : "▾"}</span>
        </Button>
        {active && (
          <Button variant="ghost" onClick={onClear}>
            {log("clearFilters")}
          </Button>
        )}
      </div>
      <div id={id} hidden={!open} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
        <div className={`grid gap-3 ${columns}`}>{children}</div>
      </div>
    </div>
  );
}

/** Every catalog type, grouped by document kind. */
export function EventTypeSelect({
  value,
  onChange,
  groups = eventTypeGroups,
}: {
  value: string;
  onChange: (type: string) => void;
  groups?: typeof eventTypeGroups;
}) {
  const t = useTranslations("deliveries.filters");
  const locale = useLocale() as Locale;
  const id = useId();
  const [draft, setDraft] = useDraft(value);
  return (
    <Labelled label={t("eventType")} id={id}>
      <select id={id} value={draft} onChange={(e) => (setDraft(e.target.value), onChange(e.target.value))} className={CONTROL}>
        <option value="">{t("allTypes")}</option>
        {groups.map((group) => (
          <optgroup key={group.id} label={group.label[locale]}>
            {group.eventTypes.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </Labelled>
  );
}

/** The statuses to choose from (every one unless told), with "Todos os status" unless `all` is false. */
export function StatusSelect({
  value,
  onChange,
  statuses = DELIVERY_STATUSES,
  all = true,
}: {
  value: string;
  onChange: (status: string) => void;
  statuses?: readonly DeliveryStatusName[];
  all?: boolean;
}) {
  const t = useTranslations("deliveries");
  const id = useId();
  const [draft, setDraft] = useDraft(value);
  return (
    <Labelled label={t("filters.status")} id={id}>
      <select id={id} value={draft} onChange={(e) => (setDraft(e.target.value), onChange(e.target.value))} className={CONTROL}>
        {all && <option value="">{t("filters.allStatuses")}</option>}
        {statuses.map((status) => (
          <option key={status} value={status}>
            {t(`status.${status}`)}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** A date and time in the browser's time zone; `value` and `onChange` speak ISO instants. */
export function DateTimeInput({
  label,
  value,
  onChange,
  className,
}: {
  label: string;
  value: string;
  onChange: (iso: string) => void;
  className?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useDraft(value, toLocalInput);
  return (
    <Labelled label={label} id={id} className={className}>
      <input
        id={id}
        type="datetime-local"
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          onChange(fromLocalInput(e.target.value));
        }}
        className={CONTROL}
      />
    </Labelled>
  );
}
