"use client";

import { useState, type KeyboardEvent } from "react";
import { useFormContext } from "react-hook-form";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { formatCnpj, isValidCnpj, normalizeCnpj } from "@/lib/cnpj";
import type { EndpointFormValues } from "@/components/webhooks/endpoint-form-schema";
import { useErrorText } from "@/components/ui/error-text";
import { issue } from "@/lib/validation";

export function CnpjFilter() {
  const t = useTranslations("webhooks.form");
  const errorText = useErrorText();
  const { register, watch, getValues, setValue, setError, clearErrors, setFocus, formState } = useFormContext<EndpointFormValues>();
  const cnpjs = watch("cnpjs");
  const [announcement, setAnnouncement] = useState("");

  function add() {
    const draft = getValues("cnpj_draft").trim();
    if (!draft) return setFocus("cnpj_draft");
    if (!isValidCnpj(draft)) return setError("cnpj_draft", { message: issue("cnpj.invalid") }, { shouldFocus: true });
    const cnpj = normalizeCnpj(draft);
    if (cnpjs.includes(cnpj)) return setError("cnpj_draft", { message: issue("cnpj.repeated") }, { shouldFocus: true });
    setValue("cnpjs", [...cnpjs, cnpj], { shouldDirty: true });
    setValue("cnpj_draft", "");
    clearErrors("cnpj_draft");
    setAnnouncement(t("cnpjAdded", { cnpj: formatCnpj(cnpj) }));
  }

  function remove(cnpj: string) {
    setValue(
      "cnpjs",
      cnpjs.filter((c) => c !== cnpj),
      { shouldDirty: true },
    );
    clearErrors("cnpjs");
    setAnnouncement(t("cnpjRemoved", { cnpj: formatCnpj(cnpj) }));
    setFocus("cnpj_draft");
  }

  function addOnEnter(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    add();
  }

  const draft = register("cnpj_draft", {
    onBlur: (e) => isValidCnpj(e.target.value) && setValue("cnpj_draft", formatCnpj(e.target.value)),
  });
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-semibold text-slate-900">{t("cnpjFilter")}</legend>
      <p className="text-xs text-slate-600">{cnpjs.length ? t("cnpjFilterSome", { count: cnpjs.length }) : t("cnpjFilterNone")}</p>
      {cnpjs.length > 0 && (
        <ul className="flex flex-col gap-1" aria-label={t("cnpjList")}>
          {cnpjs.map((cnpj, index) => {
            const error = errorText(formState.errors.cnpjs?.[index]?.message);
            return (
              <li key={cnpj} className="flex flex-wrap items-center gap-2 text-sm">
                <span className="rounded bg-slate-100 px-2 py-1 font-mono">{formatCnpj(cnpj)}</span>
                <Button variant="ghost" aria-label={t("removeCnpj", { cnpj: formatCnpj(cnpj) })} onClick={() => remove(cnpj)}>
                  {t("remove")}
                </Button>
                {error && <span className="text-red-700">{error}</span>}
              </li>
            );
          })}
        </ul>
      )}
      {formState.errors.cnpjs?.message && <p className="text-sm text-red-700">{errorText(formState.errors.cnpjs.message)}</p>}
      <div className="flex flex-wrap items-start gap-2">
        <Field
          label={t("cnpj")}
          placeholder="00.000.000/0000-00"
          autoComplete="off"
          spellCheck={false}
          className="w-64"
          hint={t("cnpjHint")}
          error={errorText(formState.errors.cnpj_draft?.message)}
          onKeyDown={addOnEnter}
          {...draft}
        />
        <Button variant="secondary" className="mt-6" onClick={add}>
          {t("addCnpj")}
        </Button>
      </div>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </fieldset>
  );
}
