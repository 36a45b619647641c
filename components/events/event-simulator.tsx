"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from "react";
import { useLocale, useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { Locale } from "@/lib/i18n/config";
import { ApiRequestError } from "@/lib/queries/fetcher";
import { useErrorText } from "@/components/ui/error-text";
import { useEvent, usePublishEvent, type PublishedEvent } from "@/lib/queries/events";
import { eventTypeGroups, getEventType } from "@/lib/webhooks/catalog";
import { EventDeliveryList } from "@/components/events/event-deliveries";
import { jsonProblemAt } from "@/components/events/json-problem";
import { EnvironmentBadge, useEnvironmentOptions } from "@/components/account/environment";
import { SelectField } from "@/components/ui/select-field";
import type { Environment } from "@/lib/webhooks/environments";

/** `webhook.test` is the test ping: it cannot be published. */
const publishableGroups = eventTypeGroups.filter((group) => group.id !== "webhook");
const DEFAULT_TYPE = "nfe.authorized";
const exampleOf = (type: string) => JSON.stringify(getEventType(type)?.example ?? {}, null, 2);

type FieldName = "type" | "data" | "id" | "environment";

/** Field a 422 key belongs to ("data.access_key" → data); anything else is shown above the form. */
function fieldOf(key: string): FieldName | undefined {
  if (key === "type" || key === "id" || key === "environment") return key;
  return key === "data" || key.startsWith("data.") ? "data" : undefined;
}

function groupErrors(
  error: unknown,
  text: (codeOrMessage: string) => string | undefined = (m) => m,
): { byField: Partial<Record<FieldName, string[]>>; other: string[] } {
  const result: { byField: Partial<Record<FieldName, string[]>>; other: string[] } = { byField: {}, other: [] };
  if (!(error instanceof ApiRequestError) || error.status !== 422) return result;
  for (const [key, messages] of Object.entries(error.fieldErrors())) {
    const field = fieldOf(key);
    const lines = messages.map((m) => (key.includes(".") ? `${key}: ${text(m)}` : (text(m) ?? m)));
    if (field) (result.byField[field] ??= []).push(...lines);
    else result.other.push(...lines);
  }
  return result;
}

/** "Simulador de eventos": publish any catalog event (its example prefilled) and follow its deliveries. */
export function EventSimulator({ canChange }: { canChange: boolean }) {
  const t = useTranslations("deliveries.simulator");
  const common = useTranslations("common");
  const locale = useLocale() as Locale;
  const ids = useId();
  const [type, setType] = useState(DEFAULT_TYPE);
  const [data, setData] = useState(() => exampleOf(DEFAULT_TYPE));
  const [idempotencyId, setIdempotencyId] = useState("");
  // simulated events are tests: homologação unless the person says otherwise
  const [environment, setEnvironment] = useState<Environment>("homologacao");
  const [jsonError, setJsonError] = useState<string>();
  const publish = usePublishEvent();
  const typeRef = useRef<HTMLSelectElement>(null);
  const dataRef = useRef<HTMLTextAreaElement>(null);
  const idRef = useRef<HTMLInputElement>(null);
  const environmentRef = useRef<HTMLSelectElement>(null);
  const environmentOptions = useEnvironmentOptions();
  const errorText = useErrorText();
  const errors = groupErrors(publish.error, errorText);
  const dataErrors = [...(jsonError ? [jsonError] : []), ...(errors.byField.data ?? [])];

  function chooseType(next: string) {
    setType(next);
    setData(exampleOf(next));
    setJsonError(undefined);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch (error) {
      parsed = error;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed) || parsed instanceof Error) {
      const at = parsed instanceof Error ? jsonProblemAt(data, parsed) : undefined;
      setJsonError(
        parsed instanceof Error ? (at ? t("invalidJsonAt", { line: at.line, column: at.column }) : t("invalidJson")) : t("notAnObject"),
      );
      dataRef.current?.focus();
      return;
    }
    setJsonError(undefined);
    publish.mutate(
      { type, data: parsed as Record<string, unknown>, id: idempotencyId.trim() || undefined, environment },
      {
        onError: (error) => {
          const first = (["type", "environment", "data", "id"] as const).find((field) => groupErrors(error).byField[field]);
          if (first) ({ type: typeRef, environment: environmentRef, data: dataRef, id: idRef })[first].current?.focus();
        },
      },
    );
  }

  const described = (field: FieldName, hint: boolean, hasError: boolean) =>
    [hint ? `${ids}-${field}-hint` : "", hasError ? `${ids}-${field}-error` : ""].filter(Boolean).join(" ") || undefined;
  const description = getEventType(type)?.description[locale];

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={submit} noValidate className="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        {!canChange && <Alert tone="info">{common("forbidden")}</Alert>}
        {errors.other.length > 0 && <Alert tone="error">{errors.other.join(" ")}</Alert>}
        {publish.isError && !(publish.error instanceof ApiRequestError && publish.error.status === 422) && (
          <Alert tone="error">
            {publish.error instanceof ApiRequestError && publish.error.status === 413 ? t("tooLarge") : common("genericError")}
          </Alert>
        )}
        <div className="flex flex-col gap-1">
          <label htmlFor={`${ids}-type`} className="text-sm font-medium text-slate-800">
            {t("type")}
          </label>
          <select
            id={`${ids}-type`}
            ref={typeRef}
            value={type}
            onChange={(e) => chooseType(e.target.value)}
            aria-invalid={errors.byField.type ? true : undefined}
            aria-describedby={described("type", Boolean(description), Boolean(errors.byField.type))}
            className="max-w-md rounded-md border border-slate-300 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-600"
          >
            {publishableGroups.map((group) => (
              <optgroup key={group.id} label={group.label[locale]}>
                {group.eventTypes.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {description && (
            <p id={`${ids}-type-hint`} className="text-xs text-slate-600">
              {description}
            </p>
          )}
          <FieldErrors id={`${ids}-type-error`} messages={errors.byField.type} />
        </div>
        <SelectField
          ref={environmentRef}
          label={t("environment")}
          hint={t("environmentHint")}
          options={environmentOptions}
          value={environment}
          onChange={(e) => setEnvironment(e.target.value as Environment)}
          error={errors.byField.environment?.join(" ")}
          className="max-w-md"
        />
        <div className="flex flex-col gap-1">
          <div className="flex flex-wrap items-end justify-between gap-2">
            <label htmlFor={`${ids}-data`} className="text-sm font-medium text-slate-800">
              {t("data")}
            </label>
            <Button variant="ghost" onClick={() => chooseType(type)}>
              {t("restoreExample")}
            </Button>
          </div>
          <textarea
            id={`${ids}-data`}
            ref={dataRef}
            value={data}
            onChange={(e) => setData(e.target.value)}
            rows={18}
            spellCheck={false}
            autoCapitalize="off"
            aria-invalid={dataErrors.length ? true : undefined}
            aria-describedby={described("data", true, dataErrors.length > 0)}
            className="rounded-md border border-slate-300 p-3 font-mono text-xs aria-[invalid=true]:border-red-600"
          />
          <p id={`${ids}-data-hint`} className="text-xs text-slate-600">
            {t("dataHint")}
          </p>
          <FieldErrors id={`${ids}-data-error`} messages={dataErrors} />
        </div>
        <div className="max-w-md">
          <IdempotencyField value={idempotencyId} onChange={setIdempotencyId} errors={errors.byField.id} inputRef={idRef} />
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={!canChange} aria-disabled={publish.isPending || undefined}>
            {t("publish")}
          </Button>
          <span aria-live="polite" className="text-sm text-slate-600">
            {publish.isPending && t("publishing")}
          </span>
        </div>
      </form>
      {publish.isSuccess && <PublishResultPanel result={publish.data} />}
    </div>
  );
}

function FieldErrors({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <ul id={id} className="flex flex-col gap-0.5 text-sm text-red-700">
      {messages.map((message) => (
        <li key={message} className="break-words">
          {message}
        </li>
      ))}
    </ul>
  );
}

interface IdempotencyFieldProps {
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  inputRef: RefObject<HTMLInputElement | null>;
}

function IdempotencyField({ value, onChange, errors, inputRef }: IdempotencyFieldProps) {
  const t = useTranslations("deliveries.simulator");
  return (
    <Field
      ref={inputRef}
      label={t("idempotencyId")}
      hint={t("idempotencyHint")}
      error={errors?.join(" ")}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      maxLength={200}
      autoComplete="off"
      spellCheck={false}
    />
  );
}

/** The published event and its deliveries, followed live; focus moves here once it exists. */
function PublishResultPanel({ result }: { result: PublishedEvent }) {
  const t = useTranslations("deliveries.simulator");
  const heading = useRef<HTMLHeadingElement>(null);
  const event = useEvent(result.event.id);
  useEffect(() => heading.current?.focus(), [result]);
  const deliveries = event.data?.deliveries;
  return (
    <section
      aria-labelledby="publish-result-title"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="publish-result-title" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        {result.created ? t("published") : t("alreadyPublished")}
      </h2>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        {t("publishedIn")} <EnvironmentBadge environment={result.event.environment} />
      </p>
      <p className="text-sm">
        {t("createdDeliveries", { count: result.deliveries.length })}{" "}
        <Link href={`/account/events/${result.event.id}`} className="text-blue-700 underline">
          {t("viewEvent")}
        </Link>
      </p>
      {result.deliveries.length === 0 ? (
        <p className="text-sm text-slate-600">{t("noSubscribers")}</p>
      ) : deliveries ? (
        <div aria-live="polite" className="text-sm">
          <EventDeliveryList deliveries={deliveries} />
        </div>
      ) : null}
    </section>
  );
}
