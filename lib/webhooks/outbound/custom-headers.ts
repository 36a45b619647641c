// Headers an endpoint owner adds to every request. Names that would change how the request is framed,
// routed or signed are ours alone.
import { z } from "zod";
import { issue, type FieldErrorCode } from "@/lib/validation";

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

function nameProblem(name: string): FieldErrorCode | null {
  if (name.length > MAX_HEADER_NAME_LENGTH) return issue("header.name_too_long");
  if (!TOKEN.test(name)) return issue("header.name_invalid");
  if (isReserved(name)) return issue("header.reserved");
  return null;
}

function valueProblem(value: string): FieldErrorCode | null {
  if (value.length > MAX_HEADER_VALUE_LENGTH) return issue("header.value_too_long");
  if (LINE_BREAK_OR_NUL.test(value)) return issue("header.value_line_break");
  if (NOT_FIELD_VALUE.test(value)) return issue("header.value_invalid");
  return null;
}

/** The first problem of one header, as a code: name first, then value. */
export function headerProblem(name: string, value: string): FieldErrorCode | null {
  return nameProblem(name) ?? valueProblem(value);
}

function checkHeaders(headers: Record<string, string>, ctx: z.RefinementCtx): void {
  const names = Object.keys(headers);
  if (names.length > MAX_CUSTOM_HEADERS) {
    ctx.addIssue({ code: "custom", message: issue("header.too_many"), params: { maximum: MAX_CUSTOM_HEADERS } });
  }
  const seen = new Set<string>();
  for (const name of names) {
    const shown = name.length > 20 ? `${name.slice(0, 20)}…` : name;
    const params = { name: shown, maximum: name.length > MAX_HEADER_NAME_LENGTH ? MAX_HEADER_NAME_LENGTH : MAX_HEADER_VALUE_LENGTH };
    const problem = headerProblem(name, headers[name]!);
    if (problem) ctx.addIssue({ code: "custom", message: problem, params, path: [name] });
    if (seen.has(name.toLowerCase())) ctx.addIssue({ code: "custom", message: issue("header.repeated"), params, path: [name] });
    seen.add(name.toLowerCase());
  }
}

/** `{ "Name": "value" }`, as the API and the form send custom headers. */
export const customHeadersSchema = z.record(z.string(), z.string()).superRefine(checkHeaders);

export type CustomHeaders = z.infer<typeof customHeadersSchema>;
