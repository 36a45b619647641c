"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { FormProvider, useForm, type FieldPath } from "react-hook-form";
import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { ApiRequestError } from "@/lib/queries/fetcher";
import { PingFailedError, type PingResult } from "@/lib/queries/webhooks";
import { RETRY_POLICIES } from "@/lib/webhooks/endpoints/schemas";
import { CnpjFilter } from "@/components/webhooks/cnpj-filter";
import {
  endpointFormResolvers,
  type EndpointFormOutput,
  type EndpointFormValues,
  type HeaderRow,
} from "@/components/webhooks/endpoint-form-schema";
import { useErrorText } from "@/components/ui/error-text";
import { EventPicker } from "@/components/webhooks/event-picker";
import { HeaderRows } from "@/components/webhooks/header-rows";
import { PayloadFormatFields } from "@/components/webhooks/payload-format-fields";
import { PingDetails, usePingSummary } from "@/components/webhooks/ping-result";
import { useWebhooksHome } from "@/components/account/portal-mode";
import { useEnvironmentOptions } from "@/components/account/environment";

export type SaveEndpoint = (input: EndpointFormOutput & { skip_verification: boolean }) => Promise<void>;

const DIRECT_FIELDS = new Set([
  "url",
  "description",
  "retry_policy",
  "enabled",
  "environment",
  "event_types",
  "cnpjs",
  "headers",
  "payload_format",
  "redact_personal",
  "cobrato_secret",
  "cobrato_secret_header",
]);

/** Where an API error key (`url`, `cnpjs.0`, `headers.X-Foo`) belongs in the form. */
function formPath(
  key: string,
  message: string,
  values: { cnpjs: string[]; headers: HeaderRow[] },
): FieldPath<EndpointFormValues> | undefined {
  if (DIRECT_FIELDS.has(key)) return key as FieldPath<EndpointFormValues>;
  if (key === "ordering") return "per_invoice";
  if (key.startsWith("event_types.")) return "event_types";
  const cnpj = /^cnpjs\.(\d+)$/.exec(key);
  if (cnpj) return Number(cnpj[1]) < values.cnpjs.length ? `cnpjs.${Number(cnpj[1])}` : "cnpj_draft";
  if (key.startsWith("headers.")) {
    const name = key.slice("headers.".length).toLowerCase();
    const row = values.headers.findIndex((h) => h.name.trim().toLowerCase() === name);
    if (row < 0) return "headers";
    return `headers.${row}.${message.startsWith("header.value") ? "value" : "name"}`;
  }
  return undefined;
}

interface EndpointFormProps {
  mode: "create" | "edit";
  defaultValues: EndpointFormValues;
  onSave: SaveEndpoint;
  /** edit: close the form; create: a link back to the account screen is shown instead */
  onCancel?: () => void;
  /** a polling endpoint: no URL, headers, retry policy or test request */
  polling?: boolean;
}

export function EndpointForm({ mode, defaultValues, onSave, onCancel, polling = false }: EndpointFormProps) {
  const t = useTranslations("webhooks.form");
  const common = useTranslations("common");
  const home = useWebhooksHome();
  const errorText = useErrorText();
  const pingSummary = usePingSummary();
  const environmentOptions = useEnvironmentOptions();
  const resolver = endpointFormResolvers[polling ? (mode === "create" ? "createPolling" : "editPolling") : mode];
  const methods = useForm<EndpointFormValues, unknown, EndpointFormOutput>({ resolver, defaultValues });
  const { register, handleSubmit, setError, getValues, watch, formState } = methods;
  const [failure, setFailure] = useState<{ ping: PingResult; values: EndpointFormOutput }>();
  const [formError, setFormError] = useState<string>();
  const [savingAnyway, setSavingAnyway] = useState(false);
  const failureHeading = useRef<HTMLHeadingElement>(null);
  const willPing = !polling && (mode === "create" || watch("url").trim() !== defaultValues.url);
  const busy = formState.isSubmitting || savingAnyway;
  // the add page's form sits right under its h1; the edit form inside the "Editar webhook" section (h2)
  const FailureHeading = mode === "create" ? "h2" : "h3";

  useEffect(() => {
    if (failure) failureHeading.current?.focus();
  }, [failure]);

  function showServerErrors(errors: Record<string, string[]>) {
    const unplaced: string[] = [];
    let focused = false;
    for (const [key, messages] of Object.entries(errors)) {
      const message = messages[0] ?? "";
      const path = formPath(key, message, getValues());
      if (!path) unplaced.push(...messages);
      else setError(path, { message }, { shouldFocus: !focused });
      focused ||= Boolean(path);
    }
    if (unplaced.length) setFormError(unplaced.map((m) => errorText(m)).join(" "));
  }

  async function save(values: EndpointFormOutput, skipVerification: boolean) {
    setFormError(undefined);
    try {
      await onSave({ ...values, skip_verification: skipVerification });
      setFailure(undefined);
    } catch (error) {
      if (error instanceof PingFailedError) {
        setError("url", { message: error.fieldErrors().url?.[0] });
        setFailure({ ping: error.ping, values });
        return;
      }
      setFailure(undefined);
      if (error instanceof ApiRequestError && error.status === 422 && Object.keys(error.fieldErrors()).length)
        showServerErrors(error.fieldErrors());
      else setFormError(error instanceof ApiRequestError && error.status === 403 ? common("forbidden") : common("genericError"));
    }
  }

  async function saveAnyway() {
    if (!failure) return;
    setSavingAnyway(true);
    await save(failure.values, true);
    setSavingAnyway(false);
  }

  return (
    <FormProvider {...methods}>
      <form onSubmit={handleSubmit((values) => save(values, false))} noValidate className="flex flex-col gap-6">
        {formError && <Alert tone="error">{formError}</Alert>}
        {!polling && (
          <Field
            label={t("url")}
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            required
            placeholder="https://erp.exemplo.com.br/webhooks/nfe"
            hint={t("urlHint")}
            error={errorText(formState.errors.url?.message)}
            {...register("url")}
          />
        )}
        <Field
          label={t("description")}
          maxLength={500}
          hint={t("descriptionHint")}
          error={errorText(formState.errors.description?.message)}
          {...register("description")}
        />
        <SelectField
          label={t("environment")}
          hint={t("environmentHint")}
          options={environmentOptions}
          error={errorText(formState.errors.environment?.message)}
          {...register("environment")}
        />
        <EventPicker />
        <CnpjFilter />
        {!polling && <PayloadFormatFields mode={mode} />}
        {!polling && <HeaderRows />}
        {!polling && (
          <SelectField
            label={t("retryPolicy")}
            hint={t("retryPolicyHint")}
            options={RETRY_POLICIES.map((policy) => ({ value: policy, label: t(`retry.${policy}`) }))}
            error={errorText(formState.errors.retry_policy?.message)}
            {...register("retry_policy")}
          />
        )}
        {!polling && <Checkbox label={t("perInvoice")} description={t("perInvoiceHint")} {...register("per_invoice")} />}
        <Checkbox label={t("enabled")} description={t("enabledHint")} {...register("enabled")} />
        {failure && (
          <section
            aria-labelledby="ping-failure-title"
            className="flex flex-col gap-3 rounded-md border border-red-300 bg-red-50 p-4 text-red-950"
          >
            <FailureHeading id="ping-failure-title" ref={failureHeading} tabIndex={-1} className="font-semibold">
              {t("pingFailedTitle")}
            </FailureHeading>
            <p>{pingSummary(failure.ping)}</p>
            <p className="text-sm">{t("pingFailedHelp")}</p>
            <div className="rounded-md bg-white p-3">
              <PingDetails ping={failure.ping} />
            </div>
            <div>
              <Button variant="secondary" disabled={busy} onClick={saveAnyway}>
                {savingAnyway ? common("saving") : t("saveAnyway")}
              </Button>
            </div>
          </section>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={busy}>
            {formState.isSubmitting ? (willPing ? t("testingUrl") : common("saving")) : common("save")}
          </Button>
          {onCancel ? (
            <Button variant="secondary" disabled={busy} onClick={onCancel}>
              {common("cancel")}
            </Button>
          ) : (
            <Link href={home.href} className="text-sm text-blue-700 underline">
              {common("cancel")}
            </Link>
          )}
          {willPing && <span className="text-xs text-slate-600">{t("willPing")}</span>}
        </div>
        <p className="sr-only" aria-live="polite">
          {formState.isSubmitting && willPing ? t("testingUrl") : ""}
        </p>
      </form>
    </FormProvider>
  );
}
