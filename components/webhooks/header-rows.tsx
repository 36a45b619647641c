"use client";

import { useRef } from "react";
import { useFieldArray, useFormContext } from "react-hook-form";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { MAX_CUSTOM_HEADERS } from "@/lib/webhooks/outbound/custom-headers";
import type { EndpointFormValues } from "@/components/webhooks/endpoint-form-schema";
import { useErrorText } from "@/components/ui/error-text";

export function HeaderRows() {
  const t = useTranslations("webhooks.form");
  const errorText = useErrorText();
  const { register, control, setFocus, formState } = useFormContext<EndpointFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: "headers" });
  const addButton = useRef<HTMLButtonElement>(null);
  const full = fields.length >= MAX_CUSTOM_HEADERS;
  const rootError = formState.errors.headers?.root?.message ?? formState.errors.headers?.message;

  function removeRow(index: number) {
    remove(index);
    const next = Math.min(index, fields.length - 2);
    setTimeout(() => (next >= 0 ? setFocus(`headers.${next}.name`) : addButton.current?.focus()));
  }

  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-semibold text-slate-900">{t("headers")}</legend>
      <p className="text-xs text-slate-600">{t("headersHint", { max: MAX_CUSTOM_HEADERS })}</p>
      {fields.map((field, index) => {
        const errors = formState.errors.headers?.[index];
        return (
          <div key={field.id} role="group" aria-label={t("headerRow", { n: index + 1 })} className="flex flex-wrap items-start gap-2">
            <Field
              label={t("headerName", { n: index + 1 })}
              placeholder="Authorization"
              autoComplete="off"
              spellCheck={false}
              className="min-w-48 flex-1"
              error={errorText(errors?.name?.message)}
              {...register(`headers.${index}.name`)}
            />
            <Field
              label={t("headerValue", { n: index + 1 })}
              autoComplete="off"
              spellCheck={false}
              className="min-w-48 flex-[2]"
              error={errorText(errors?.value?.message)}
              {...register(`headers.${index}.value`)}
            />
            <Button variant="ghost" className="mt-6" aria-label={t("removeHeader", { n: index + 1 })} onClick={() => removeRow(index)}>
              {t("remove")}
            </Button>
          </div>
        );
      })}
      {rootError && <p className="text-sm text-red-700">{errorText(rootError)}</p>}
      <div className="flex flex-wrap items-center gap-3">
        <Button ref={addButton} variant="secondary" disabled={full} onClick={() => append({ name: "", value: "" }, { shouldFocus: true })}>
          {t("addHeader")}
        </Button>
        {full && <span className="text-xs text-slate-600">{t("headersFull", { max: MAX_CUSTOM_HEADERS })}</span>}
      </div>
    </fieldset>
  );
}
