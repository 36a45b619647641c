"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Section } from "@/components/ui/section";
import { useWebhooks, type Webhook } from "@/lib/queries/webhooks";
import { useEventsSummary, WebhookStatus } from "@/components/webhooks/webhook-status";
import { TableHead } from "@/components/ui/table-head";
import { EnvironmentBadge, useEnvironment } from "@/components/account/environment";

export const WEBHOOK_DELETED_PARAM = "webhook_deleted";

/** The account screen's webhooks: the list, then "Adicionar webhook" at the very end (Emites flow). */
export function WebhooksSection({ canChange }: { canChange: boolean }) {
  const t = useTranslations("webhooks");
  const common = useTranslations("common");
  const router = useRouter();
  const searchParams = useSearchParams();
  const [deleted] = useState(() => searchParams.has(WEBHOOK_DELETED_PARAM));
  const deletedBox = useRef<HTMLDivElement>(null);
  const environment = useEnvironment();
  const webhooks = useWebhooks(environment);

  useEffect(() => {
    if (!deleted) return;
    deletedBox.current?.focus();
    window.history.replaceState(null, "", `${window.location.pathname}#webhooks`);
  }, [deleted]);

  return (
    <Section title={t("title")} id="webhooks">
      <p className="mb-4 text-sm text-slate-600">{t("intro")}</p>
      <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        {t("listEnvironment")} <EnvironmentBadge environment={environment} />
      </p>
      {deleted && (
        <div ref={deletedBox} tabIndex={-1} className="mb-4">
          <Alert tone="success">{t("deleted")}</Alert>
        </div>
      )}
      {webhooks.isPending ? (
        <p className="text-sm text-slate-600">{common("loading")}</p>
      ) : webhooks.isError ? (
        <div className="flex flex-wrap items-center gap-3">
          <Alert tone="error">{t("loadError")}</Alert>
          <Button variant="secondary" onClick={() => webhooks.refetch()}>
            {common("retry")}
          </Button>
        </div>
      ) : webhooks.data.length ? (
        <WebhookTable webhooks={webhooks.data} />
      ) : (
        <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600">
          {environment === "homologacao" ? t("emptyHomologacao") : t("empty")}
        </p>
      )}
      <div className="mt-6 flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
        <Button
          disabled={!canChange}
          aria-describedby={canChange ? undefined : "add-webhook-forbidden"}
          onClick={() => router.push("/account/webhooks/new")}
          onMouseEnter={() => router.prefetch("/account/webhooks/new")}
        >
          {t("add")}
        </Button>
        {!canChange && (
          <span id="add-webhook-forbidden" className="text-sm text-slate-600">
            {t("addForbidden")}
          </span>
        )}
      </div>
    </Section>
  );
}

/** A table from 640 px up; below, one card per webhook, so the status is never off-screen on a phone. */
function WebhookTable({ webhooks }: { webhooks: Webhook[] }) {
  const t = useTranslations("webhooks");
  const eventsSummary = useEventsSummary();
  return (
    <>
      <div className="hidden sm:block">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t("listCaption", { count: webhooks.length })}</caption>
          <TableHead columns={[t("columns.url"), t("columns.events"), t("columns.status"), t("columns.created")]} />
          <tbody className="divide-y divide-slate-100">
            {webhooks.map((webhook) => (
              <tr key={webhook.id} className="align-top">
                <td className="max-w-md min-w-40 py-3 pr-4">
                  <WebhookName webhook={webhook} />
                </td>
                <td className="py-3 pr-4 whitespace-nowrap">{eventsSummary(webhook)}</td>
                <td className="py-3 pr-4">
                  <WebhookStatus webhook={webhook} />
                </td>
                <td className="py-3 whitespace-nowrap text-slate-600">
                  <RelativeTime value={webhook.created_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul aria-label={t("listCaption", { count: webhooks.length })} className="flex flex-col gap-3 sm:hidden">
        {webhooks.map((webhook) => (
          <li key={webhook.id} className="flex flex-col gap-2 rounded-md border border-slate-200 p-3 text-sm" data-testid="webhook-card">
            <WebhookName webhook={webhook} />
            <WebhookStatus webhook={webhook} />
            <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-slate-700">
              <dt className="text-slate-600">{t("columns.events")}</dt>
              <dd>{eventsSummary(webhook)}</dd>
              <dt className="text-slate-600">{t("columns.created")}</dt>
              <dd>
                <RelativeTime value={webhook.created_at} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}

function WebhookName({ webhook }: { webhook: Webhook }) {
  const t = useTranslations("webhooks");
  return (
    <div>
      <Link href={`/account/webhooks/${webhook.id}`} className="font-mono text-[13px] break-all text-blue-700 underline">
        {webhook.url ?? t("pollingLabel")}
      </Link>
      {webhook.description && <p className="mt-1 text-slate-600">{webhook.description}</p>}
      <p className="mt-1">
        <EnvironmentBadge environment={webhook.environment} />
      </p>
    </div>
  );
}
