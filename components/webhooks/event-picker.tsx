"use client";

import { useId } from "react";
import { useController, useFormContext } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import { Checkbox } from "@/components/ui/checkbox";
import type { Locale } from "@/lib/i18n/config";
import { eventTypeGroups, getEventType, type EventTypeName } from "@/lib/webhooks/catalog";
import type { EndpointFormValues } from "@/components/webhooks/endpoint-form-schema";
import { useErrorText } from "@/components/ui/error-text";

/** Groups a person can subscribe to; `webhook.test` is sent to every endpoint and is not a choice. */
export const subscribableGroups = eventTypeGroups.filter((group) => group.id !== "webhook");

/**
 * "Todos os eventos" or "Escolher eventos": the types are listed only when choosing. What was ticked
 * is kept while "Todos os eventos" is on, so switching back and forth loses nothing (it is not saved).
 */
export function EventPicker() {
  const t = useTranslations("webhooks.form");
  const errorText = useErrorText();
  const { control, watch, setValue, formState } = useFormContext<EndpointFormValues>();
  // the ref goes to "Escolher eventos": "no event chosen" focuses it
  const { field: allEvents } = useController({ control, name: "all_events" });
  const id = useId();
  const selected = watch("event_types");
  const error = errorText(formState.errors.all_events?.message ?? formState.errors.event_types?.message);
  const errorId = error ? `${id}-error` : undefined;

  function choose(next: EventTypeName[]) {
    setValue("event_types", next, { shouldDirty: true, shouldValidate: formState.isSubmitted });
  }

  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-semibold text-slate-900">{t("events")}</legend>
      <div className="flex flex-col gap-2 sm:flex-row sm:gap-6">
        {([true, false] as const).map((all) => (
          <label key={String(all)} className="flex flex-1 items-start gap-2">
            <input
              type="radio"
              name={allEvents.name}
              ref={all ? undefined : allEvents.ref}
              checked={allEvents.value === all}
              onChange={() => allEvents.onChange(all)}
              onBlur={allEvents.onBlur}
              aria-labelledby={`${id}-${all}-label`}
              aria-describedby={[`${id}-${all}-hint`, all ? "" : errorId].filter(Boolean).join(" ")}
              aria-invalid={!all && error ? true : undefined}
              className="mt-0.5 size-4 shrink-0 accent-blue-700"
            />
            <span className="flex flex-col">
              <span id={`${id}-${all}-label`} className="text-sm font-medium text-slate-800">
                {t(all ? "allEvents" : "chooseEvents")}
              </span>
              <span id={`${id}-${all}-hint`} className="text-xs text-slate-600">
                {t(all ? "allEventsHint" : "chooseEventsHint")}
              </span>
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
      {!allEvents.value && <EventGroups selected={selected} onChange={choose} />}
    </fieldset>
  );
}

/** The event types by document type, each group with "select all" and how many of its types are ticked. */
function EventGroups({ selected, onChange }: { selected: EventTypeName[]; onChange: (next: EventTypeName[]) => void }) {
  const t = useTranslations("webhooks.form");
  const locale = useLocale() as Locale;
  const toggle = (name: EventTypeName, on: boolean) => onChange(on ? [...selected, name] : selected.filter((n) => n !== name));
  const toggleGroup = (names: EventTypeName[], on: boolean) =>
    onChange(on ? [...new Set([...selected, ...names])] : selected.filter((n) => !names.includes(n)));

  return (
    <>
      <p className="text-xs text-slate-600">{t("eventsHintSome", { count: selected.length })}</p>
      <div className="grid gap-4 md:grid-cols-2">
        {subscribableGroups.map((group) => {
          const chosen = group.eventTypes.filter((name) => selected.includes(name)).length;
          return (
            <fieldset key={group.id} className="rounded-md border border-slate-200 p-3">
              <legend className="px-1 text-sm font-semibold text-slate-900">{group.label[locale]}</legend>
              <p className="mb-2 text-xs text-slate-600">{group.description[locale]}</p>
              <Checkbox
                className="mb-2 border-b border-slate-100 pb-2"
                label={t("selectGroup", { group: group.label[locale] })}
                description={t("groupCount", { chosen, total: group.eventTypes.length })}
                checked={chosen === group.eventTypes.length}
                indeterminate={chosen > 0 && chosen < group.eventTypes.length}
                onChange={(e) => toggleGroup(group.eventTypes, e.target.checked)}
              />
              <div className="flex flex-col gap-2">
                {group.eventTypes.map((name) => (
                  <Checkbox
                    key={name}
                    label={<code className="font-mono text-[13px]">{name}</code>}
                    description={getEventType(name)?.description[locale]}
                    checked={selected.includes(name)}
                    onChange={(e) => toggle(name, e.target.checked)}
                  />
                ))}
              </div>
            </fieldset>
          );
        })}
      </div>
    </>
  );
}
