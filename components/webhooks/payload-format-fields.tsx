"use client";

import { useFormContext } from "react-hook-form";
import { useTranslations } from "use-intl";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useErrorText } from "@/components/ui/error-text";
import { COBRATO_SECRET_HEADER, PAYLOAD_FORMATS } from "@/lib/webhooks/formats/formats";
import type { EndpointFormValues } from "@/components/webhooks/endpoint-form-schema";
import { PayloadPreview } from "@/components/webhooks/payload-preview";

/** "Formato do payload" (push webhooks): the format, Cobrato's secret, "Ocultar dados pessoais" and a live example. */
export function PayloadFormatFields({ mode }: { mode: "create" | "edit" }) {
  const t = useTranslations("webhooks.form");
  const formats = useTranslations("webhooks.formats");
  const errorText = useErrorText();
  const { register, watch, formState } = useFormContext<EndpointFormValues>();
  const format = watch("payload_format");
  return (
    <div className="flex flex-col gap-4">
      <SelectField
        label={t("payloadFormat")}
        hint={t("payloadFormatHint")}
        options={PAYLOAD_FORMATS.map((value) => ({ value, label: `${formats(`${value}.label`)} — ${formats(`${value}.hint`)}` }))}
        error={errorText(formState.errors.payload_format?.message)}
        {...register("payload_format")}
      />
      {format === "cobrato" && (
        <div className="flex flex-wrap gap-3">
          <Field
            label={t("cobratoSecret")}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            className="min-w-48 flex-[2]"
            hint={mode === "edit" ? `${t("cobratoSecretHint")} ${t("cobratoSecretKeep")}` : t("cobratoSecretHint")}
            error={errorText(formState.errors.cobrato_secret?.message)}
            {...register("cobrato_secret")}
          />
          <Field
            label={t("cobratoSecretHeader")}
            placeholder={COBRATO_SECRET_HEADER}
            autoComplete="off"
            spellCheck={false}
            className="min-w-48 flex-1"
            hint={t("cobratoSecretHeaderHint")}
            error={errorText(formState.errors.cobrato_secret_header?.message)}
            {...register("cobrato_secret_header")}
          />
        </div>
      )}
      <Checkbox label={t("redactPersonal")} description={t("redactPersonalHint")} {...register("redact_personal")} />
      <PayloadPreview />
    </div>
  );
}
