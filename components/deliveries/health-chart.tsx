"use client";

import { useFormatter, useTranslations } from "use-intl";
import type { EndpointHealth } from "@/lib/queries/deliveries";

const HOURS = 24;
const HOUR_MS = 3_600_000;
const BAR = 10;
const GAP = 3;
const HEIGHT = 80;

interface Bucket {
  hour: Date;
  succeeded: number;
  failed: number;
}

/** The last 24 hourly buckets, oldest first, hours without attempts included as zeros. */
function buckets(hourly: EndpointHealth["hourly"], now = Date.now()): Bucket[] {
  const byHour = new Map(hourly.map((h) => [new Date(h.hour).getTime(), h]));
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  return Array.from({ length: HOURS }, (_, i) => {
    const hour = current - (HOURS - 1 - i) * HOUR_MS;
    const found = byHour.get(hour);
    return { hour: new Date(hour), succeeded: found?.succeeded ?? 0, failed: found?.failed ?? 0 };
  });
}

/**
 * Attempts per hour by outcome: stacked SVG bars (failures hatched, so colour is not the only cue)
 * on a scale (attempts up the side, hours along the bottom) for sighted readers, and the same numbers
 * as a table for screen readers. With no attempt in the 24 hours it says so, over the empty scale.
 */
export function HealthChart({ hourly }: { hourly: EndpointHealth["hourly"] }) {
  const t = useTranslations("deliveries.health");
  const format = useFormatter();
  const data = buckets(hourly);
  const empty = data.every((b) => b.succeeded + b.failed === 0);
  const max = Math.max(1, ...data.map((b) => b.succeeded + b.failed));
  const scale = (n: number) => (n / max) * HEIGHT;
  const width = HOURS * (BAR + GAP);
  const hourLabel = (d: Date) => format.dateTime(d, { hour: "2-digit", minute: "2-digit" });
  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="text-sm font-medium text-slate-800">{t("chartTitle")}</figcaption>
      {empty && <p className="text-sm text-slate-700">{t("chartEmpty")}</p>}
      <div className="flex max-w-xl gap-2">
        <div className="flex h-24 flex-col justify-between text-right text-xs text-slate-600 tabular-nums" aria-hidden="true">
          <span>{format.number(max)}</span>
          <span>0</span>
        </div>
        <svg viewBox={`0 0 ${width} ${HEIGHT + 1}`} className="h-24 min-w-0 flex-1" preserveAspectRatio="none" aria-hidden="true">
          <defs>
            <pattern id="failed-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="4" height="4" fill="#fecaca" />
              <line x1="0" y1="0" x2="0" y2="4" stroke="#b91c1c" strokeWidth="2" />
            </pattern>
          </defs>
          <line x1="0" x2={width} y1="0.5" y2="0.5" stroke="#e2e8f0" strokeWidth="1" strokeDasharray="3 3" />
          <line x1="0" x2={width} y1={HEIGHT / 2} y2={HEIGHT / 2} stroke="#e2e8f0" strokeWidth="1" strokeDasharray="3 3" />
          <line x1="0" x2={width} y1={HEIGHT + 0.5} y2={HEIGHT + 0.5} stroke="#94a3b8" strokeWidth="1" />
          {data.map((b, i) => {
            const ok = scale(b.succeeded);
            const failed = scale(b.failed);
            const x = i * (BAR + GAP);
            return (
              <g key={b.hour.getTime()}>
                <title>{t("bucketTitle", { hour: hourLabel(b.hour), succeeded: b.succeeded, failed: b.failed })}</title>
                <line x1={x + BAR / 2} x2={x + BAR / 2} y1={HEIGHT} y2={HEIGHT + 1} stroke="#94a3b8" strokeWidth="1" />
                {ok > 0 && <rect x={x} y={HEIGHT - ok} width={BAR} height={ok} fill="#15803d" />}
                {failed > 0 && (
                  <rect
                    x={x}
                    y={HEIGHT - ok - failed}
                    width={BAR}
                    height={failed}
                    fill="url(#failed-hatch)"
                    stroke="#b91c1c"
                    strokeWidth="0.5"
                  />
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <div className="flex max-w-xl gap-2 text-xs text-slate-600" aria-hidden="true">
        <span className="invisible tabular-nums">{format.number(max)}</span>
        <span className="flex flex-1 justify-between">
          <span>{hourLabel(data[0]!.hour)}</span>
          <span>{hourLabel(data[HOURS / 2]!.hour)}</span>
          <span>{t("now")}</span>
        </span>
      </div>
      <ul className="flex flex-wrap gap-4 text-xs text-slate-700" aria-hidden="true">
        <li className="flex items-center gap-1">
          <span className="inline-block size-3 bg-green-700" /> {t("legendSucceeded")}
        </li>
        <li className="flex items-center gap-1">
          <span className="inline-block size-3 border border-red-700 bg-[repeating-linear-gradient(45deg,#b91c1c_0_2px,#fecaca_2px_4px)]" />{" "}
          {t("legendFailed")}
        </li>
      </ul>
      {!empty && (
        <table className="sr-only">
          <caption>{t("chartTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("hour")}</th>
              <th scope="col">{t("legendSucceeded")}</th>
              <th scope="col">{t("legendFailed")}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((b) => (
              <tr key={b.hour.getTime()}>
                <th scope="row">{hourLabel(b.hour)}</th>
                <td>{b.succeeded}</td>
                <td>{b.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
