// Small display helpers shared by the delivery log, the delivery page and the events pages.

/** "35261112345678000195550010000042421000042420" → "3526…0042": enough to tell keys apart at a glance. */
export function shortAccessKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 4)}…${key.slice(-4)}` : key;
}

/** The body indented when it is JSON, as it came otherwise. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** A curl command sending the same request again (POSIX shell quoting). */
export function curlCommand(url: string, headers: Record<string, string>, body: string): string {
  const lines = [
    `curl -X POST ${quote(url)}`,
    ...Object.entries(headers).map(([name, value]) => `  -H ${quote(`${name}: ${value}`)}`),
    `  --data-raw ${quote(body)}`,
  ];
  return lines.join(" \\\n");
}

/** A datetime-local value (the browser's time zone) for a date, or "" for none. */
export function toLocalInput(value: string | Date | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** The ISO instant a datetime-local value means, or "" when it is empty or incomplete. */
export function fromLocalInput(value: string): string {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}
