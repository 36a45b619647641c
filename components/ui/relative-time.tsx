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
