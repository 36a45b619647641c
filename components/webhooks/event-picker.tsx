"use client";

import { useId } from "react";
import { useFormContext } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import { Checkbox } from "@/components/ui/checkbox";
import type { Locale } from "@/lib/i18n/config";
import { eventTypeGroups, getEventType, type EventTypeName } from "@/lib/webhooks/catalog";
import type { EndpointFormValues } from "@/components/webhooks/endpoint-form-schema";
import { useErrorText } from "@/components/ui/error-text";

/** Groups a person can subscribe to; `webhook.test` is sent to every endpoint and is not a choice. */
export const subscribableGroups = eventTypeGroups.filter((group) => group.id !== "webhook");

export function EventPicker() {
  const t = useTranslations("webhooks.form");
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const { register, watch, setValue, formState } = useFormContext<EndpointFormValues>();
  const id = useId();
  const allEvents = watch("all_events");
  const selected = watch("event_types");
  const error = errorText(formState.errors.all_events?.message ?? formState.errors.event_types?.message);

  function choose(next: EventTypeName[]) {
    setValue("event_types", next, { shouldDirty: true, shouldValidate: formState.isSubmitted });
    setValue("all_events", false, { shouldDirty: true, shouldValidate: formState.isSubmitted });
  }
  const toggle = (name: EventTypeName, on: boolean) => choose(on ? [...selected, name] : selected.filter((n) => n !== name));
  const toggleGroup = (names: EventTypeName[], on: boolean) =>
    choose(on ? [...new Set([...selected, ...names])] : selected.filter((n) => !names.includes(n)));

  return (
    <fieldset className="flex flex-col gap-4" aria-describedby={`${id}-hint`}>
      <legend className="mb-1 text-sm font-semibold text-slate-900">{t("events")}</legend>
      <Checkbox
        label={t("allEvents")}
        description={t("allEventsHint")}
        aria-invalid={error ? true : undefined}
        aria-errormessage={error ? `${id}-error` : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...register("all_events", { onChange: (e) => e.target.checked && setValue("event_types", [], { shouldDirty: true }) })}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {allEvents ? t("eventsHintAll") : t("eventsHintSome", { count: selected.length })}
      </p>
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
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
    </fieldset>
  );
}
