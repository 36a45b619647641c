"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { SelectField } from "@/components/ui/select-field";
import { useErrorText } from "@/components/ui/error-text";
import { apiFetch, ApiRequestError } from "@/lib/queries/fetcher";
import { useEventTypes, type Webhook } from "@/lib/queries/webhooks";
import { canExpress } from "@/lib/webhooks/formats/formats";

interface SentExample {
  delivery: { id: string; webhook_id: string; event_id: string };
}

/**
 * "Enviar evento de exemplo": any event type the webhook receives (and its payload format expresses), its catalog example editable as
 * JSON, sent to this webhook only as a manual attempt (POST /api/v1/webhooks/:id/example).
 */
export function SendExample({ webhook, canChange }: { webhook: Webhook; canChange: boolean }) {
  const t = useTranslations("webhooks.example");
  const common = useTranslations("common");
  const locale = useLocale();
  const errorText = useErrorText();
  const catalog = useEventTypes();
  const dataId = useId();
  const types = (catalog.data?.event_types ?? []).filter(
    (type) =>
      (webhook.event_types.length ? webhook.event_types.includes(type.name) : type.group !== "alert" && type.name !== "webhook.test") &&
      canExpress(webhook.payload_format, type.name),
  );
  const [type, setType] = useState<string>();
  const [data, setData] = useState<string>();
  const chosen = type ?? types[0]?.name;
  const example = types.find((candidate) => candidate.name === chosen)?.example;
  const text = data ?? JSON.stringify(example ?? {}, null, 2);
  const [problem, setProblem] = useState<string>();
  const send = useMutation({
    mutationFn: (body: { type: string; data: unknown }) =>
      apiFetch<SentExample>(`/api/v1/webhooks/${encodeURIComponent(webhook.id)}/example`, { method: "POST", body }),
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return setProblem(t("invalidJson"));
    }
    if (!chosen) return;
    send.mutate({ type: chosen, data: parsed });
  }

  const failure =
    send.error instanceof ApiRequestError
      ? Object.values(send.error.fieldErrors())
          .flat()
          .map((m) => errorText(m))
          .join(" ") || errorText.ofRequest(send.error, common("genericError"))
      : send.isError
        ? common("genericError")
        : undefined;

  return (
    <Section title={t("title")} id="example">
      <p className="mb-4 text-sm text-slate-600">{t("intro")}</p>
      {!canChange ? (
        <p className="text-sm text-slate-600">{common("forbidden")}</p>
      ) : !webhook.enabled ? (
        <p className="text-sm text-slate-600">{t("disabled")}</p>
      ) : catalog.isPending ? (
        <p className="text-sm text-slate-600" role="status">
          {t("loading")}
        </p>
      ) : catalog.isError || !types.length ? (
        <p className="text-sm text-slate-600">{catalog.isError ? common("genericError") : t("noTypes")}</p>
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-3">
          <SelectField
            label={t("type")}
            value={chosen ?? ""}
            onChange={(e) => {
              setType(e.target.value);
              setData(undefined);
              send.reset();
            }}
            options={types.map((candidate) => ({
              value: candidate.name,
              label: `${candidate.name} — ${locale === "en" ? candidate.description.en : candidate.description["pt-BR"]}`,
            }))}
          />
          <div className="flex flex-col gap-1">
            <label htmlFor={dataId} className="text-sm font-medium text-slate-800">
              {t("data")}
            </label>
            <textarea
              id={dataId}
              value={text}
              onChange={(e) => setData(e.target.value)}
              rows={12}
              spellCheck={false}
              className="rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
            />
          </div>
          <div>
            <Button type="submit" variant="secondary" disabled={send.isPending || !chosen}>
              {send.isPending ? t("sending") : t("send")}
            </Button>
          </div>
        </form>
      )}
      <div aria-live="polite" className="mt-3 empty:mt-0">
        {send.data && (
          <Alert tone="success">
            {t("sent")}{" "}
            <Link href={`/account/deliveries/${send.data.delivery.id}`} className="underline">
              {t("seeDelivery")}
            </Link>
          </Alert>
        )}
        {(problem ?? failure) && <Alert tone="error">{problem ?? failure}</Alert>}
      </div>
    </Section>
  );
}
