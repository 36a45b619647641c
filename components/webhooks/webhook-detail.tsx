"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Section } from "@/components/ui/section";
import { useDeleteWebhook, useUpdateWebhook, useWebhook, type Webhook } from "@/lib/queries/webhooks";
import { useEndpointHealth, type DeliveryListItem, type EndpointHealth } from "@/lib/queries/deliveries";
import { EndpointForm, type SaveEndpoint } from "@/components/webhooks/endpoint-form";
import { endpointFormValues } from "@/components/webhooks/endpoint-form-schema";
import { SecretPanel } from "@/components/webhooks/secret-panel";
import { SendTest } from "@/components/webhooks/send-test";
import { SignatureHelp } from "@/components/webhooks/signature-help";
import { EndpointActivity } from "@/components/deliveries/endpoint-activity";
import { DeliveryLog } from "@/components/deliveries/delivery-log";
import { RecentDeliveries } from "@/components/deliveries/recent-deliveries";
import { WebhookSettings } from "@/components/webhooks/webhook-settings";
import { WebhookSummary } from "@/components/webhooks/webhook-summary";
import { useWebhookTab, WebhookTabs } from "@/components/webhooks/webhook-tabs";
import type { RetrySchedules } from "@/components/webhooks/retry-schedule";
import { PausedDeliveries } from "@/components/webhooks/paused-deliveries";
import { WEBHOOK_DELETED_PARAM } from "@/components/webhooks/webhooks-section";
import { useWebhooksHome } from "@/components/account/portal-mode";
import { FeedHelp } from "@/components/webhooks/feed-help";
import { SendExample } from "@/components/webhooks/send-example";
import { EnvironmentBadge } from "@/components/account/environment";

type Notice = { tone: "success" | "error" | "warning"; text: string };

interface WebhookDetailProps {
  id: string;
  canChange: boolean;
  initialWebhook: Webhook;
  /** drawn by the server, so the summary and the latest deliveries are there on the first paint */
  initialHealth: EndpointHealth;
  initialDeliveries: DeliveryListItem[];
  retrySchedules: RetrySchedules;
  /** just created: "verified" when the test request succeeded, "unverified" when saved anyway */
  created?: "verified" | "unverified" | "polling";
}

/** A webhook's page: its summary first, then "Visão geral · Entregas · Configurações". */
export function WebhookDetail({
  id,
  canChange,
  initialWebhook,
  initialHealth,
  initialDeliveries,
  retrySchedules,
  created,
}: WebhookDetailProps) {
  const t = useTranslations("webhooks");
  const common = useTranslations("common");
  const home = useWebhooksHome();
  const router = useRouter();
  const tab = useWebhookTab();
  const query = useWebhook(id, initialWebhook);
  const health = useEndpointHealth(id, initialHealth);
  const update = useUpdateWebhook(id);
  const remove = useDeleteWebhook();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<Notice | undefined>(
    created && {
      tone: created === "unverified" ? "warning" : "success",
      text: t(created === "verified" ? "createdVerified" : created === "polling" ? "createdPolling" : "createdUnverified"),
    },
  );
  const noticeBox = useRef<HTMLDivElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const webhook = query.data ?? initialWebhook;
  const polling = webhook.kind === "polling";

  useEffect(() => {
    if (!created) return;
    noticeBox.current?.focus();
    window.history.replaceState(null, "", window.location.pathname);
  }, [created]);

  function closeEditor(saved: boolean) {
    setEditing(false);
    if (saved) setNotice({ tone: "success", text: t("saved") });
    setTimeout(() => editButton.current?.focus());
  }

  // an unchanged format is not sent again: a Cobrato secret kept under another header name stays valid
  const save: SaveEndpoint = async ({ payload_format, ...input }) => {
    await update.mutateAsync(payload_format === webhook.payload_format ? input : { ...input, payload_format });
    closeEditor(true);
  };

  async function toggle() {
    const enabled = !webhook.enabled;
    setNotice(undefined);
    try {
      await update.mutateAsync({ enabled });
      setNotice({ tone: "success", text: t(enabled ? "enabledNotice" : "disabledNotice") });
      setTimeout(() => noticeBox.current?.focus());
    } catch {
      setNotice({ tone: "error", text: common("genericError") });
    }
  }

  function destroy() {
    setNotice(undefined);
    remove.mutate(id, {
      onSuccess: () => router.push(`${home.href}?${WEBHOOK_DELETED_PARAM}=1#webhooks`),
      onError: () => setNotice({ tone: "error", text: common("genericError") }),
    });
  }

  const actions = canChange && (
    <div id="webhook-actions" className="flex flex-wrap gap-2">
      <Button variant="secondary" disabled={update.isPending} onClick={toggle}>
        {webhook.enabled ? t("disable") : t("enable")}
      </Button>
      <Button
        ref={editButton}
        variant="secondary"
        aria-expanded={editing}
        aria-controls="edit"
        onClick={() => (editing ? closeEditor(false) : setEditing(true))}
      >
        {t("edit")}
      </Button>
    </div>
  );

  return (
    <div className="flex flex-col gap-6">
      <Link href={home.list} className="text-sm text-blue-700 underline">
        {t("backToAccount")}
      </Link>
      <header className="flex flex-col gap-3">
        <p className="text-sm font-medium text-slate-600">{t("detailKicker")}</p>
        <div className="flex flex-wrap items-start gap-3">
          <h1 className="min-w-0 font-mono text-xl font-semibold break-all">{webhook.url ?? t("pollingLabel")}</h1>
          <EnvironmentBadge environment={webhook.environment} />
        </div>
        {webhook.description && <p className="text-slate-700">{webhook.description}</p>}
        {notice && (
          <div ref={noticeBox} tabIndex={-1}>
            <Alert tone={notice.tone}>{notice.text}</Alert>
          </div>
        )}
        {query.isError && <Alert tone="error">{t("loadError")}</Alert>}
      </header>
      <WebhookSummary health={health.data ?? initialHealth} canChange={canChange} onEnable={toggle} enabling={update.isPending} />
      <PausedDeliveries webhook={webhook} canChange={canChange} />
      <WebhookTabs>
        {tab === "visao-geral" && (
          <>
            <RecentDeliveries endpointId={id} initial={initialDeliveries} />
            <EndpointActivity endpointId={id} canChange={canChange} />
            {polling ? <FeedHelp webhookId={id} /> : <SendTest webhookId={id} canChange={canChange} />}
            {!polling && <SendExample webhook={webhook} canChange={canChange} />}
          </>
        )}
        {tab === "entregas" && <DeliveryLog endpointId={id} />}
        {tab === "configuracoes" && (
          <>
            {editing && (
              <Section title={t("editTitle")} id="edit">
                <EndpointForm
                  mode="edit"
                  polling={polling}
                  defaultValues={endpointFormValues(webhook)}
                  onSave={save}
                  onCancel={() => closeEditor(false)}
                />
              </Section>
            )}
            <WebhookSettings webhook={webhook} retrySchedules={retrySchedules} actions={actions} />
            <SecretPanel webhookId={id} canChange={canChange} />
            <SignatureHelp />
            {canChange && (
              <Section title={t("deleteTitle")} id="delete">
                <p className="mb-3 text-sm text-slate-600">{t("deleteIntro")}</p>
                <ConfirmButton label={t("delete")} question={t("deleteQuestion")} disabled={remove.isPending} onConfirm={destroy} />
                {remove.isPending && <p className="mt-2 text-sm text-slate-600">{t("deleting")}</p>}
              </Section>
            )}
          </>
        )}
      </WebhookTabs>
    </div>
  );
}
