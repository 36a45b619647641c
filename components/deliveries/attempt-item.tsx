"use client";

import { useId } from "react";
import { useLocale, useTranslations } from "use-intl";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { AbsoluteTime } from "@/components/ui/relative-time";
import { isOneOf } from "@/lib/one-of";
import type { DeliveryAttempt } from "@/lib/queries/deliveries";
import { useAttemptOutcome } from "@/components/deliveries/attempt-outcome";
import { CodeBlock, HeadersTable } from "@/components/deliveries/code-block";
import { Duration } from "@/components/deliveries/duration";
import { curlCommand, prettyBody } from "@/components/deliveries/format";
import { useBodyFormatName } from "@/components/deliveries/body-format";
import { formatGap } from "@/components/deliveries/wait-format";

const TRIGGERS = ["auto", "manual", "recover", "test"] as const;

interface AttemptItemProps {
  attempt: DeliveryAttempt;
  url: string;
  /** the body as the latest attempt sent it, and its recorded format ("emites", "standard+redacted") */
  body: string;
  bodyFormat: string;
  /** the newest attempt shows its response without a click */
  latest: boolean;
  /** the attempt before this one (the timeline shows the gap: "+5 s"), none for the first */
  previous?: DeliveryAttempt;
}

/** One attempt: why it was made, when, how long, what came back and what it means. */
export function AttemptItem({ attempt, url, body, bodyFormat, latest, previous }: AttemptItemProps) {
  const t = useTranslations("deliveries.attempt");
  const locale = useLocale();
  const outcomeOf = useAttemptOutcome();
  const outcome = outcomeOf(attempt);
  const headingId = useId();
  const trigger = isOneOf(TRIGGERS, attempt.trigger) ? t(`trigger.${attempt.trigger}`) : attempt.trigger;
  return (
    <li>
      <article
        aria-labelledby={headingId}
        className={`flex flex-col gap-3 rounded-md border p-4 ${outcome.ok ? "border-slate-200" : "border-red-200"}`}
      >
        <header className="flex flex-wrap items-center justify-between gap-2">
          <h3 id={headingId} tabIndex={-1} className="font-semibold">
            {t("title", { number: attempt.number, trigger })}
          </h3>
          <Badge tone={outcome.ok ? "success" : "danger"}>
            {outcome.ok ? t("succeeded") : t("failed")} · {outcome.label}
          </Badge>
        </header>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">{t("startedAt")}</dt>
          <dd>
            <AbsoluteTime value={attempt.started_at} />
          </dd>
          {previous && (
            <>
              <dt className="text-slate-600">{t("gap")}</dt>
              <dd>
                <span className="font-medium tabular-nums">{formatGap(previous.started_at, attempt.started_at, locale)}</span>{" "}
                {t("gapAfter", { number: previous.number })}
              </dd>
            </>
          )}
          <dt className="text-slate-600">{t("duration")}</dt>
          <dd>
            <Duration ms={attempt.duration_ms} />
          </dd>
          <dt className="text-slate-600">{t("result")}</dt>
          <dd>{outcome.explanation}</dd>
          {!outcome.ok && attempt.error_message && attempt.error_kind !== "http" && (
            <>
              <dt className="text-slate-600">{t("technicalDetail")}</dt>
              <dd className="font-mono text-xs break-words">{attempt.error_message}</dd>
            </>
          )}
        </dl>
        <RequestDetails attempt={attempt} url={url} body={body} bodyFormat={bodyFormat} />
        <ResponseDetails attempt={attempt} open={latest} />
      </article>
    </li>
  );
}

function RequestDetails({ attempt, url, body, bodyFormat }: Omit<AttemptItemProps, "latest" | "previous">) {
  const t = useTranslations("deliveries.attempt");
  const formatName = useBodyFormatName();
  const headers = attempt.request.headers;
  const masked = Object.values(headers).some((value) => value === "••••••");
  // the body is rebuilt in the latest attempt's format: an earlier one sent in another format is not shown as that body
  const sameBody = attempt.body_format === bodyFormat;
  return (
    <details className="rounded-md border border-slate-200 text-sm">
      <summary className="cursor-pointer px-3 py-2 font-medium">{t("request")}</summary>
      <div className="flex flex-col gap-3 border-t border-slate-200 p-3">
        <p className="font-mono text-xs break-all">POST {url}</p>
        <HeadersTable caption={t("requestHeaders")} headers={headers} />
        {sameBody ? (
          <>
            <CodeBlock label={t("requestBody")} text={prettyBody(body)} />
            <div className="flex flex-col gap-1">
              <div>
                <CopyButton value={curlCommand(url, headers, body, bodyFormat)} label={t("copyCurl")} />
              </div>
              <p className="text-xs text-slate-600">
                {masked && `${t("curlMasked")} `}
                {t("curlSignature")}
              </p>
            </div>
          </>
        ) : (
          <p className="text-slate-600">{t("otherFormat", { format: formatName(attempt.body_format) })}</p>
        )}
      </div>
    </details>
  );
}

function ResponseDetails({ attempt, open }: { attempt: DeliveryAttempt; open: boolean }) {
  const t = useTranslations("deliveries.attempt");
  const response = attempt.response;
  return (
    <details open={open} className="rounded-md border border-slate-200 text-sm">
      <summary className="cursor-pointer px-3 py-2 font-medium">{t("response")}</summary>
      <div className="flex flex-col gap-3 border-t border-slate-200 p-3">
        {!response ? (
          <p className="text-slate-600">{t("noResponse")}</p>
        ) : (
          <>
            <p className="font-mono text-xs">HTTP {attempt.status_code}</p>
            {Object.keys(response.headers).length > 0 && <HeadersTable caption={t("responseHeaders")} headers={response.headers} />}
            {response.body ? (
              <CodeBlock
                label={t("responseBody")}
                text={prettyBody(response.body)}
                note={response.body_truncated ? t("truncated") : undefined}
              />
            ) : (
              <p className="text-slate-600">{t("emptyBody")}</p>
            )}
          </>
        )}
      </div>
    </details>
  );
}
