"use client";

import type { ReactNode } from "react";
import { useFormContext, type FieldPath } from "react-hook-form";
import { useTranslations } from "use-intl";
import { emptyEndpointForm, type EndpointFormValues } from "@/components/webhooks/endpoint-form-schema";

/** The form's fields inside "Opções avançadas": an error on one of them opens it. */
const ADVANCED_FIELDS = new Set<string>([
  "cnpjs",
  "cnpj_draft",
  "payload_format",
  "redact_personal",
  "cobrato_secret",
  "cobrato_secret_header",
  "headers",
  "retry_policy",
  "per_invoice",
  "enabled",
]);

export const isAdvancedField = (path: FieldPath<EndpointFormValues> | string) => ADVANCED_FIELDS.has(path.split(".")[0]!);

/**
 * What most webhooks leave as it is (CNPJ filter, payload format, headers, retries, ordering,
 * "Ativo"), folded away; while closed it says how many of these differ from a new webhook's.
 */
export function AdvancedOptions({
  open,
  onOpenChange,
  polling,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  polling: boolean;
  children: ReactNode;
}) {
  const t = useTranslations("webhooks.form");
  const { watch } = useFormContext<EndpointFormValues>();
  const [cnpjs, enabled, format, redact, headers, retry, perInvoice] = watch([
    "cnpjs",
    "enabled",
    "payload_format",
    "redact_personal",
    "headers",
    "retry_policy",
    "per_invoice",
  ]);
  const changes = [cnpjs.length > 0, enabled !== emptyEndpointForm.enabled];
  if (!polling)
    changes.push(
      format !== emptyEndpointForm.payload_format,
      redact !== emptyEndpointForm.redact_personal,
      headers.some((row) => row.name.trim()),
      retry !== emptyEndpointForm.retry_policy,
      perInvoice !== emptyEndpointForm.per_invoice,
    );
  const changed = changes.filter(Boolean).length;

  return (
    <details
      open={open}
      onToggle={(event) => onOpenChange(event.currentTarget.open)}
      className="rounded-md border border-slate-200 open:pb-1"
    >
      <summary className="cursor-pointer rounded-md px-4 py-3 hover:bg-slate-50">
        <span className="text-sm font-semibold text-slate-900">{t("advanced")}</span>
        {changed > 0 && <span className="ml-2 text-xs font-medium text-blue-800">{t("advancedChanged", { count: changed })}</span>}
        <span className="block pl-4 text-xs text-slate-600">{t(polling ? "advancedHintPolling" : "advancedHint")}</span>
      </summary>
      <div className="flex flex-col gap-6 border-t border-slate-200 px-4 pt-4 pb-3">{children}</div>
    </details>
  );
}
