// Small display helpers shared by the delivery log, the delivery page and the events pages.
import { isOneOf } from "@/lib/one-of";
import { formatHeaders, PAYLOAD_FORMATS } from "@/lib/webhooks/formats/formats";

/** "35261112345678000195550010000042421000042420" → "3526…0042": enough to tell keys apart at a glance. */
export function shortAccessKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 4)}…${key.slice(-4)}` : key;
}

/** "35261112345678000195550010000042421102938472" → "02938472": the digits a row shows after "…". */
export function accessKeyTail(key: string): string {
  return key.slice(-8);
}

/** The body indented when it is JSON, as it came otherwise. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** A recorded body format ("emites", "standard+redacted") read: its format and whether personal data was removed. */
export function bodyFormatOf(recorded: string): { format: string; redacted: boolean } {
  const [format, flag] = recorded.split("+");
  return { format: format || "standard", redacted: flag === "redacted" };
}

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** The headers to replay: as recorded, with the format's Content-Type when none was recorded. */
function replayHeaders(headers: Record<string, string>, bodyFormat: string): Record<string, string> {
  if (Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) return headers;
  const { format } = bodyFormatOf(bodyFormat);
  return { "content-type": "application/json", ...(isOneOf(PAYLOAD_FORMATS, format) ? formatHeaders(format) : {}), ...headers };
}

/** A curl command sending the same request again (POSIX shell quoting): `body` as it was sent, in `bodyFormat`. */
export function curlCommand(url: string, headers: Record<string, string>, body: string, bodyFormat: string): string {
  const lines = [
    `curl -X POST ${quote(url)}`,
    ...Object.entries(replayHeaders(headers, bodyFormat)).map(([name, value]) => `  -H ${quote(`${name}: ${value}`)}`),
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
