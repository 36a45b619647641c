// Headers an endpoint owner adds to every request. Names that would change how the request is framed,
// routed or signed are ours alone.
import { z } from "zod";

export const MAX_CUSTOM_HEADERS = 20;
export const MAX_HEADER_NAME_LENGTH = 100;
export const MAX_HEADER_VALUE_LENGTH = 1000;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LINE_BREAK_OR_NUL = /[\r\n\0]/;
// RFC 9110 field-value: tab, visible ASCII, space, obs-text; anything else is refused by the HTTP client.
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

const RESERVED = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "content-type",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
]);
const RESERVED_PREFIXES = ["proxy-", "webhook-"];

function isReserved(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED.has(lower) || RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

function nameProblem(name: string): string | null {
  if (name.length > MAX_HEADER_NAME_LENGTH)
    return `header name "${name.slice(0, 20)}…" is longer than ${MAX_HEADER_NAME_LENGTH} characters`;
  if (!TOKEN.test(name)) return `header name "${name}" is not a valid token`;
  if (isReserved(name)) return `header "${name}" is set by the webhook sender and cannot be replaced`;
  return null;
}

function valueProblem(name: string, value: string): string | null {
  if (value.length > MAX_HEADER_VALUE_LENGTH) return `value of header "${name}" is longer than ${MAX_HEADER_VALUE_LENGTH} characters`;
  if (LINE_BREAK_OR_NUL.test(value)) return `value of header "${name}" must not contain line breaks or NUL`;
  if (NOT_FIELD_VALUE.test(value)) return `value of header "${name}" contains characters not allowed in HTTP headers`;
  return null;
}

function checkHeaders(headers: Record<string, string>, ctx: z.RefinementCtx): void {
  const names = Object.keys(headers);
  if (names.length > MAX_CUSTOM_HEADERS) ctx.addIssue({ code: "custom", message: `at most ${MAX_CUSTOM_HEADERS} headers are allowed` });
  const seen = new Set<string>();
  for (const name of names) {
    const problem = nameProblem(name) ?? valueProblem(name, headers[name]);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: [name] });
    if (seen.has(name.toLowerCase())) ctx.addIssue({ code: "custom", message: `header "${name}" is repeated`, path: [name] });
    seen.add(name.toLowerCase());
  }
}

/** `{ "Name": "value" }`, as the API and the form send custom headers. */
export const customHeadersSchema = z.record(z.string(), z.string()).superRefine(checkHeaders);

export type CustomHeaders = z.infer<typeof customHeadersSchema>;
