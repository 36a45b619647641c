"use client";

import { useFormatter, useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { useEndpointHealth, type EndpointHealth } from "@/lib/queries/deliveries";
import { Duration, Missing } from "@/components/deliveries/duration";
import { HealthChart } from "@/components/deliveries/health-chart";
import { RecoverFailures } from "@/components/deliveries/recover-failures";

/** The webhook page's health panel: rates, latency, hourly chart, recover (the state in words is in the summary above). */
export function EndpointActivity({ endpointId, canChange }: { endpointId: string; canChange: boolean }) {
  const t = useTranslations("deliveries.health");
  const common = useTranslations("common");
  const health = useEndpointHealth(endpointId);
  return (
    <Section title={t("title")} id="endpoint-activity">
      {health.isPending ? (
        <p className="text-sm text-slate-600">{common("loading")}</p>
      ) : health.isError ? (
        <div className="flex flex-wrap items-center gap-3">
          <Alert tone="error">{t("loadError")}</Alert>
          <Button variant="secondary" onClick={() => health.refetch()}>
            {common("retry")}
          </Button>
        </div>
      ) : (
        <div className="flex flex-col gap-6">
          <HealthTable health={health.data} />
          <HealthChart hourly={health.data.hourly} />
          <RecoverFailures endpointId={endpointId} canChange={canChange} enabled={health.data.enabled} />
        </div>
      )}
    </Section>
  );
}

function HealthTable({ health }: { health: EndpointHealth }) {
  const t = useTranslations("deliveries.health");
  const format = useFormatter();
  const windows = [health.last_24h, health.last_7d];
  const rate = (value: number | null) =>
    value === null ? <Missing /> : format.number(value, { style: "percent", maximumFractionDigits: 1 });
  const rows = [
    { label: t("successRate"), cells: windows.map((w) => rate(w.success_rate)) },
    { label: t("attempts"), cells: windows.map((w) => format.number(w.attempts)) },
    { label: t("p50"), cells: windows.map((w) => <Duration ms={w.p50_ms} />) },
    { label: t("p95"), cells: windows.map((w) => <Duration ms={w.p95_ms} />) },
  ];
  return (
    <table className="w-full max-w-xl text-left text-sm">
      <caption className="pb-2 text-left font-medium text-slate-800">{t("tableCaption")}</caption>
      <thead className="border-b border-slate-200 text-xs text-slate-600 uppercase">
        <tr>
          <td />
          <th scope="col" className="py-1 pr-4 text-right font-medium">
            {t("last24h")}
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            {t("last7d")}
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row" className="py-1.5 pr-4 font-normal text-slate-700">
              {row.label}
            </th>
            {row.cells.map((cell, i) => (
              <td key={i} className={`py-1.5 text-right tabular-nums ${i === 0 ? "pr-4" : ""}`}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
