"use client";

import { useId } from "react";
import { useTranslations } from "use-intl";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { PingResult } from "@/lib/queries/webhooks";
import { usePingDetail } from "@/components/webhooks/ping-detail";

const EXPLAINED = new Set(["http", "redirect", "timeout", "connect", "dns", "tls", "blocked"]);

/** One sentence saying what the test request got, in the reader's language. */
export function usePingSummary() {
  const t = useTranslations("webhooks.ping");
  return (ping: PingResult): string => {
    const values = { status: ping.status_code ?? 0, ms: ping.duration_ms, seconds: Math.round(ping.duration_ms / 1000) };
    if (ping.ok) return t("ok", values);
    return t(ping.error_kind && EXPLAINED.has(ping.error_kind) ? `kind.${ping.error_kind}` : "kind.unknown", values);
  };
}

/** Status, latency, response headers and body of a test request (success or failure). */
export function PingDetails({ ping }: { ping: PingResult }) {
  const t = useTranslations("webhooks.ping");
  const detail = usePingDetail();
  const bodyId = useId();
  const headers = Object.entries(ping.response.headers ?? {});
  return (
    <div className="flex flex-col gap-3 text-sm">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-600">{t("statusCode")}</dt>
        <dd>
          {ping.status_code ? <Badge tone={ping.ok ? "success" : "danger"}>HTTP {ping.status_code}</Badge> : <span>{t("noResponse")}</span>}
        </dd>
        <dt className="text-slate-600">{t("latency")}</dt>
        <dd>{t("milliseconds", { ms: ping.duration_ms })}</dd>
        <dt className="text-slate-600">{t("sentAt")}</dt>
        <dd>
          <RelativeTime value={ping.sent_at} />
        </dd>
        {!ping.ok && (
          <>
            <dt className="text-slate-600">{t("technicalDetail")}</dt>
            <dd className="break-words">{detail(ping)}</dd>
          </>
        )}
      </dl>
      {headers.length > 0 && (
        <details className="rounded-md border border-slate-200">
          <summary className="cursor-pointer px-3 py-2 font-medium">{t("responseHeaders", { count: headers.length })}</summary>
          <table className="w-full border-t border-slate-200 text-left font-mono text-xs">
            <tbody>
              {headers.map(([name, value]) => (
                <tr key={name} className="border-b border-slate-100 last:border-0">
                  <th scope="row" className="px-3 py-1 align-top font-medium whitespace-nowrap">
                    {name}
                  </th>
                  <td className="px-3 py-1 break-all">{String(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {ping.status_code !== null && (
        <div className="flex flex-col gap-1">
          <span className="font-medium" id={bodyId}>
            {t("responseBody")}
            {ping.response.body_truncated && <span className="ml-1 font-normal text-slate-600">{t("truncated")}</span>}
          </span>
          {ping.response.body ? (
            <pre
              tabIndex={0}
              aria-labelledby={bodyId}
              className="max-h-64 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-100"
            >
              {ping.response.body}
            </pre>
          ) : (
            <span className="text-slate-600">{t("emptyBody")}</span>
          )}
        </div>
      )}
    </div>
  );
}
