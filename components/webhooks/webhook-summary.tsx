"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { AbsoluteTime, RelativeTime } from "@/components/ui/relative-time";
import { isOneOf } from "@/lib/one-of";
import type { EndpointHealth } from "@/lib/queries/deliveries";
import { useAttemptOutcome } from "@/components/deliveries/attempt-outcome";
import { useTabHref } from "@/components/webhooks/webhook-tabs";

const TONES = { healthy: "success", idle: "success", unstable: "warning", failing: "danger", disabled: "danger" } as const;
const REASONS = ["manual", "failing", "gone"] as const;

interface WebhookSummaryProps {
  health: EndpointHealth;
  canChange: boolean;
  /** "Reativar": enables the webhook (the page's own action, so its notice says so) */
  onEnable: () => void;
  enabling: boolean;
}

/** The top of a webhook's page: how it is doing in words, its success rate, its last error and what to do. */
export function WebhookSummary({ health, canChange, onEnable, enabling }: WebhookSummaryProps) {
  const t = useTranslations("webhooks.page.summary");
  const href = useTabHref();
  return (
    <section aria-labelledby="summary-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <h2 id="summary-title" className="sr-only">
        {t("title")}
      </h2>
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1.3fr)_minmax(0,0.7fr)_minmax(0,1.5fr)]">
        <Block label={t("status")}>
          <StatusWords health={health} />
        </Block>
        <Block label={t("successRate")}>
          <SuccessRate health={health} />
        </Block>
        <Block label={t("lastError")}>
          <LastError health={health} />
        </Block>
      </div>
      <div className="mt-4 flex flex-col gap-3 border-t border-slate-100 pt-4 sm:flex-row sm:items-end sm:justify-between">
        <Block label={t("next")}>
          <p>
            <NextStep health={health} />
          </p>
        </Block>
        <div className="flex shrink-0 flex-wrap gap-2 text-sm">
          {!health.enabled && canChange && (
            <Button disabled={enabling} onClick={onEnable}>
              {t("reactivate")}
            </Button>
          )}
          <Link
            href={href("entregas")}
            scroll={false}
            className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-800 hover:bg-slate-100"
          >
            {t("seeDeliveries")}
          </Link>
        </div>
      </div>
    </section>
  );
}

function Block({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1 text-sm">
      <h3 className="text-xs font-medium text-slate-600 uppercase">{label}</h3>
      {children}
    </div>
  );
}

function StatusWords({ health }: { health: EndpointHealth }) {
  const t = useTranslations("webhooks.page.summary");
  const status = useTranslations("webhooks.status");
  const state = health.state;
  const reason = isOneOf(REASONS, health.disabled_reason) ? health.disabled_reason : "unknown";
  return (
    <>
      <p>
        <Badge tone={state === "disabled" && reason === "manual" ? "neutral" : TONES[state]}>{status(state)}</Badge>
      </p>
      {state === "disabled" ? (
        <p>
          {status(`reason.${reason}`)}
          {health.disabled_at && (
            <>
              {" "}
              <RelativeTime value={health.disabled_at} />
            </>
          )}
          .
        </p>
      ) : state === "failing" ? (
        <p>
          {t("failing", { count: health.consecutive_failures })}
          {health.failing_since && (
            <>
              , {t("firstFailure")} <RelativeTime value={health.failing_since} />
            </>
          )}
          .
        </p>
      ) : (
        <p>{t(`state.${state}`)}</p>
      )}
    </>
  );
}

function SuccessRate({ health }: { health: EndpointHealth }) {
  const t = useTranslations("webhooks.page.summary");
  const format = useFormatter();
  const { success_rate, attempts } = health.last_24h;
  if (success_rate === null) return <p className="text-slate-700">{t("noAttempts")}</p>;
  return (
    <>
      <p className="text-2xl font-semibold tabular-nums">{format.number(success_rate, { style: "percent", maximumFractionDigits: 1 })}</p>
      <p className="text-slate-700">{t("ofAttempts", { count: attempts })}</p>
    </>
  );
}

function LastError({ health }: { health: EndpointHealth }) {
  const t = useTranslations("webhooks.page.summary");
  const outcomeOf = useAttemptOutcome();
  const failure = health.last_failure;
  if (!failure) return <p className="text-slate-700">{t("noError")}</p>;
  const outcome = outcomeOf(failure);
  return (
    <>
      <p className="font-medium">{outcome.explanation}</p>
      <p className="text-slate-700">
        <AbsoluteTime value={failure.at} />
      </p>
      <p className="text-slate-700">
        <Link href={`/account/deliveries/${failure.delivery_id}`} className="text-blue-700 underline">
          {t("seeDelivery", { type: failure.event_type, number: failure.attempt_number })}
        </Link>
      </p>
    </>
  );
}

/** One sentence on what to do now, by state; the countdown to auto-disable while it keeps failing. */
function NextStep({ health }: { health: EndpointHealth }) {
  const t = useTranslations("webhooks.page.summary");
  if (!health.enabled) return <>{t(health.disabled_reason === "manual" ? "todo.enable" : "todo.fixAndEnable")}</>;
  if (health.state === "failing") {
    const { at, failures_left } = health.auto_disable;
    return (
      <>
        {t("todo.fix")}{" "}
        {at ? (
          <>
            {t("todo.autoDisableAt")} <RelativeTime value={at} />.
          </>
        ) : (
          failures_left !== null && t("todo.autoDisableAfter", { count: failures_left })
        )}
      </>
    );
  }
  if (health.state === "unstable") return <>{t("todo.review")}</>;
  return <>{t("todo.nothing")}</>;
}
