"use client";

import type { ReactNode } from "react";
import { useTranslations } from "use-intl";
import { RelativeTime } from "@/components/ui/relative-time";
import { Section } from "@/components/ui/section";
import { formatCnpj } from "@/lib/cnpj";
import type { Webhook } from "@/lib/queries/webhooks";
import { EnvironmentBadge } from "@/components/account/environment";
import { EventGroups } from "@/components/webhooks/event-groups";
import { RetryScheduleText, type RetrySchedules } from "@/components/webhooks/retry-schedule";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[12rem_1fr]">
      <dt className="font-medium text-slate-700">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

interface WebhookSettingsProps {
  webhook: Webhook;
  /** the retries each policy gets on this server (WEBHOOK_RETRY_SCHEDULE may replace the presets) */
  retrySchedules: RetrySchedules;
  /** "Desativar", "Editar" */
  actions?: ReactNode;
}

/** What the webhook is set to receive and how, read-only: events by group, the retries in force. */
export function WebhookSettings({ webhook, retrySchedules, actions }: WebhookSettingsProps) {
  const t = useTranslations("webhooks.settings");
  const form = useTranslations("webhooks.form");
  const formats = useTranslations("webhooks.formats");
  const headers = Object.entries(webhook.headers);
  return (
    <Section title={t("title")} id="settings" actions={actions}>
      <dl className="divide-y divide-slate-100 text-sm">
        <Row label={form("environment")}>
          <EnvironmentBadge environment={webhook.environment} />
        </Row>
        <Row label={form("description")}>{webhook.description || <span className="text-slate-600">{t("none")}</span>}</Row>
        <Row label={form("events")}>
          <EventGroups eventTypes={webhook.event_types} />
        </Row>
        <Row label={t("cnpjs")}>
          {webhook.cnpjs.length === 0 ? (
            <span className="text-slate-600">{t("allCompanies")}</span>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {webhook.cnpjs.map((cnpj) => (
                <li key={cnpj} className="rounded bg-slate-100 px-2 py-0.5 font-mono">
                  {formatCnpj(cnpj)}
                </li>
              ))}
            </ul>
          )}
        </Row>
        <Row label={form("headers")}>
          {headers.length === 0 ? (
            <span className="text-slate-600">{t("none")}</span>
          ) : (
            <ul className="flex flex-col gap-1 font-mono text-[13px]">
              {headers.map(([name]) => (
                <li key={name}>
                  {name}: <span aria-hidden="true">••••••</span>
                  <span className="sr-only">{t("hiddenValue")}</span>
                </li>
              ))}
            </ul>
          )}
        </Row>
        {webhook.kind !== "polling" && (
          <>
            <Row label={form("retryPolicy")}>
              <RetryScheduleText policy={webhook.retry_policy} schedule={retrySchedules[webhook.retry_policy]} />
            </Row>
            <Row label={t("ordering")}>{webhook.ordering === "per_invoice" ? t("orderingPerInvoice") : t("orderingNone")}</Row>
            <Row label={t("payloadFormat")}>{formats(`${webhook.payload_format}.label`)}</Row>
            <Row label={t("personalData")}>{webhook.redact_personal ? t("personalHidden") : t("personalSent")}</Row>
          </>
        )}
        <Row label={t("created")}>
          <RelativeTime value={webhook.created_at} />
        </Row>
        <Row label={t("updated")}>
          <RelativeTime value={webhook.updated_at} />
        </Row>
        {webhook.disabled_at && !webhook.enabled && (
          <Row label={t("disabledAt")}>
            <RelativeTime value={webhook.disabled_at} />
          </Row>
        )}
        {webhook.failing_since && webhook.enabled && (
          <Row label={t("failingSince")}>
            <RelativeTime value={webhook.failing_since} />
          </Row>
        )}
      </dl>
    </Section>
  );
}
