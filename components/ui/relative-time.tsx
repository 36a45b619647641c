"use client";

import { useFormatter, useNow } from "use-intl";

/** "há 5 minutos", with the full date and time as a tooltip and in the machine-readable attribute. */
export function RelativeTime({ value }: { value: string | Date }) {
  const format = useFormatter();
  const now = useNow({ updateInterval: 30_000 });
  const date = new Date(value);
  // A server clock a little ahead of the browser's must not read "in 1 second" for something just done.
  const reference = date > now && date.getTime() - now.getTime() < 60_000 ? date : now;
  return (
    <time dateTime={date.toISOString()} title={format.dateTime(date, { dateStyle: "long", timeStyle: "short" })} suppressHydrationWarning>
      {format.relativeTime(date, reference)}
    </time>
  );
}

/**
 * "05/12/2026 14:02:11" in Brasília time (the provider's time zone, America/Sao_Paulo), with the
 * relative time as secondary text: what the log, the delivery page and the event pages show.
 */
export function AbsoluteTime({ value }: { value: string | Date }) {
  const format = useFormatter();
  const date = new Date(value);
  return (
    <span className="whitespace-nowrap">
      <time dateTime={date.toISOString()} suppressHydrationWarning>
        {format.dateTime(date, {
          day: "2-digit",
          month: "2-digit",
          year: "numeric",
          hour: "2-digit",
          minute: "2-digit",
          second: "2-digit",
          timeZone: "America/Sao_Paulo",
        })}
      </time>{" "}
      <span className="text-xs text-slate-600">
        (<RelativeTime value={date} />)
      </span>
    </span>
  );
}
