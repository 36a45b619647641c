// What every input schema shares (browser-safe). Schemas name a problem with a code from
// FIELD_ERRORS (`issue("blank")`), never with a sentence: the dashboard translates the code from its
// message catalog (messages/<locale>/errors.json), and the API answers the English text below beside
// the code (`errors` and `field_codes`, lib/errors.ts).
import { z } from "zod";
import type { FieldIssue, FieldIssues } from "@/lib/errors";

/** English text of each field error; `{name}`-style placeholders come from the issue's params. */
export const FIELD_ERRORS = {
  blank: "can't be blank",
  too_long: "is too long ({maximum} characters at most)",
  too_short: "is too short ({minimum} characters at least)",
  too_many: "has too many items ({maximum} at most)",
  invalid: "is invalid",
  invalid_option: "must be one of {options}",
  not_object: "must be an object",
  too_few: "has too few items ({minimum} at least)",
  format: "is not in the expected format",
  "type.string": "must be text",
  "type.number": "must be a number",
  "type.boolean": "must be true or false",
  "type.array": "must be a list",
  "number.integer": "must be a whole number",
  "number.too_small": "must be {minimum} or more",
  "number.too_big": "must be {maximum} or less",
  "keys.unknown": "has fields that are not accepted: {keys}",
  "field.unknown": "is not a field of this request",
  "field.repeated": "is given more than once",
  date: "must be an ISO 8601 date",
  "text.unstorable": "must not contain NUL characters or unpaired surrogates",
  date_order: "must be after {after}",
  "url.scheme": "must be an http:// or https:// URL",
  "url.invalid": "is not a valid URL",
  "url.userinfo": "must not contain a user name or password (send credentials in a custom header)",
  "url.dns": "could not be resolved",
  "url.blocked": "points to an address that is not allowed",
  "url.ping_failed": "did not answer the test request with 2xx",
  "url.polling": "must be left out: a polling endpoint has no URL (its receiver reads the feed)",
  "feed.cursor_unknown": "is not a position of this endpoint's feed",
  "event_type.not_subscribed": "{type} is not among this webhook's events",
  "cnpj.invalid": "is not a valid CNPJ (check digits)",
  "cnpj.repeated": "is already in the list",
  "event_type.unknown": 'unknown event type "{type}"',
  "event_type.test_only": "webhook.test is sent by the test ping and cannot be published",
  "event_type.system_only": "{type} is published by the system when a webhook is in trouble and cannot be published",
  "events.none_chosen": "choose at least one event type, or all of them",
  "header.name_required": "header name can't be blank",
  "header.reserved": 'header "{name}" is set by the webhook sender and cannot be replaced',
  "header.name_invalid": 'header name "{name}" is not a valid token',
  "header.name_too_long": "header name is longer than {maximum} characters",
  "header.value_too_long": 'value of header "{name}" is longer than {maximum} characters',
  "header.value_line_break": 'value of header "{name}" must not contain line breaks or NUL',
  "header.value_invalid": 'value of header "{name}" contains characters not allowed in HTTP headers',
  "header.repeated": 'header "{name}" is repeated',
  "header.too_many": "at most {maximum} headers are allowed",
  "email.invalid": "is not a valid e-mail address",
  "email.taken": "is already taken",
  "password.too_short": "is too short (8 characters at least)",
  "access_key.invalid": "must be an access key of 44 digits",
  "cnpj.format": "must be a CNPJ of 14 characters without punctuation",
  "cpf.format": "must be a CPF of 11 digits without punctuation",
  "series.format": "must be a series from 0 to 999",
  "invoice_number.format": "must be an invoice number of up to 9 digits",
  "document_number.format": "must be a number written with digits only",
  "rps_series.format": "must be an RPS series of up to 5 letters or digits",
  "sefaz_code.format": "must be a SEFAZ status code (cStat) of 3 digits",
  "sefaz_protocol.format": "must be a SEFAZ protocol number of 15 digits",
  "money.format": "must be an amount with a decimal point, e.g. 1250.90",
  "ibge_state.format": "must be an IBGE state code of 2 digits, e.g. 35",
  "ibge_city.format": "must be an IBGE municipality code of 7 digits, e.g. 3550308",
  "ncm.format": "must be an NCM code of 8 digits",
  "cfop.format": "must be a CFOP code of 4 digits",
  "justification.length": "must be a justification of 15 to 255 characters",
  "correction_text.length": "must be a correction text of 15 to 1000 characters",
  "correction_sequence.format": "must be the correction's sequence number, from 1 to 20",
  "link.invalid": "this link is invalid, expired or already used",
  "member.exists": "is already a member of this organization",
  "role.owner_only": "only an owner can make, change or remove an owner",
  "endpoint.not_subscribed": "webhook {id} is not an enabled webhook subscribed to this event",
  "event_type.format": "{type} cannot be sent in this webhook's payload format ({format})",
  "environment.token_limited": "this token publishes and reads only in {environment}",
  "environment.mismatch": "is {environment} but the data says {data_environment} (tpAmb)",
} as const;

export type FieldErrorCode = keyof typeof FIELD_ERRORS;

/** The message a schema gives a problem: its code (translated by the dashboard, worded by the API). */
export function issue(code: FieldErrorCode): FieldErrorCode {
  return code;
}

export function isFieldErrorCode(value: string): value is FieldErrorCode {
  return Object.hasOwn(FIELD_ERRORS, value);
}

/** Text that must be given: missing (or null) is "blank", any other type "must be text". */
export function requiredText() {
  return z.string({ error: (problem) => (problem.input === undefined || problem.input === null ? "blank" : "type.string") });
}

/** A field issue with its English text, `{placeholders}` filled from `params`. */
export function fieldIssue(code: FieldErrorCode, params: Record<string, unknown> = {}): FieldIssue {
  const message = FIELD_ERRORS[code].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ""));
  return { code, message };
}

/** What a zod issue carries that a message may need. */
function paramsOf(issue: z.core.$ZodIssue): Record<string, unknown> {
  const extra = issue as { maximum?: unknown; minimum?: unknown; values?: unknown[]; keys?: string[]; params?: Record<string, unknown> };
  return {
    maximum: extra.maximum,
    minimum: extra.minimum,
    options: extra.values?.map(String).join(", "),
    keys: extra.keys?.join(", "),
    ...extra.params,
  };
}

const TYPE_CODES: Record<string, FieldErrorCode> = {
  string: "type.string",
  number: "type.number",
  int: "number.integer",
  boolean: "type.boolean",
  object: "not_object",
  array: "type.array",
};

const FORMAT_CODES: Record<string, FieldErrorCode> = { email: "email.invalid", url: "url.invalid", datetime: "date", date: "date" };

/**
 * The code of a problem zod found on its own (the schema named none): a person never reads zod's
 * English ("Invalid string: must match pattern /^…$/"), only the catalog's words for the code.
 * `input` is known while parsing (then a missing value is "blank"), not on a finished ZodError.
 */
export function codeOfIssue(problem: z.core.$ZodRawIssue | z.core.$ZodIssue): FieldErrorCode {
  const sized = (origin: unknown, text: FieldErrorCode, list: FieldErrorCode, number: FieldErrorCode) =>
    origin === "string" ? text : origin === "array" || origin === "set" ? list : number;
  switch (problem.code) {
    case "invalid_type":
      if ("input" in problem && problem.input === undefined) return "blank";
      return TYPE_CODES[problem.expected] ?? "invalid";
    case "too_small":
      return sized(problem.origin, "too_short", "too_few", "number.too_small");
    case "too_big":
      return sized(problem.origin, "too_long", "too_many", "number.too_big");
    case "invalid_format":
      return FORMAT_CODES[problem.format] ?? "format";
    case "invalid_value":
      return "invalid_option";
    case "unrecognized_keys":
      return "keys.unknown";
    default:
      return "invalid";
  }
}

/**
 * Parse options that word every problem zod finds on its own with a FIELD_ERRORS code (a schema's own
 * `issue(…)` still wins): `schema.safeParse(input, CODED)`, `zodResolver(schema, CODED)`.
 */
export const CODED = { error: (problem: z.core.$ZodRawIssue) => codeOfIssue(problem) };

const strictVersions = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The schema of a request body, refusing fields it does not know: a misspelt field ("event_type" for
 * "event_types", "idempotency_key" for "id") is named in a 422 instead of silently ignored. Objects
 * that already say what to do with other fields (strict, or loose like a body read in two steps)
 * and schemas that are not plain objects are left as they are.
 */
export function refusingUnknownFields<S extends z.ZodType>(schema: S): S {
  if (!(schema instanceof z.ZodObject) || schema._zod.def.catchall) return schema;
  let strict = strictVersions.get(schema);
  if (!strict) strictVersions.set(schema, (strict = schema.strict()));
  return strict as unknown as S;
}

/** zod's issues as field issues keyed by dotted path (`prefix` first, "base" for the whole input). */
export function fieldIssues(error: z.ZodError, prefix = ""): FieldIssues {
  const issues: FieldIssues = {};
  for (const problem of error.issues) {
    if (problem.code === "unrecognized_keys") {
      // each field it does not know, by its own name
      for (const name of problem.keys) {
        const key = [prefix, ...problem.path.map(String), name].filter(Boolean).join(".");
        (issues[key] ??= []).push(fieldIssue("field.unknown"));
      }
      continue;
    }
    const key = [prefix, ...problem.path.map(String)].filter(Boolean).join(".") || "base";
    const code = isFieldErrorCode(problem.message) ? problem.message : codeOfIssue(problem);
    (issues[key] ??= []).push(fieldIssue(code, paramsOf(problem)));
  }
  return issues;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether the day exists in its month (JavaScript's Date rolls 2026-02-30 over into March). */
function isCalendarDay(s: string): boolean {
  const [year, month, day] = s.slice(0, 10).split("-").map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * An ISO 8601 date or date-time between the years 1000 and 9999 (what PostgreSQL and every client
 * agree on) that exists on the calendar, as a Date.
 */
export const isoDate = z
  .string()
  .refine((s) => ISO_DATE.test(s) && isCalendarDay(s) && !Number.isNaN(Date.parse(s)), issue("date"))
  .transform((s) => new Date(s));

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL refuses (NUL) or that is not Unicode at all (a lone surrogate). */
export function isUnstorableText(text: string): boolean {
  return text.includes("\u0000") || LONE_SURROGATE.test(text);
}

/**
 * Every string of an input — values and object keys, at any depth — checked once before any schema
 * runs: what PostgreSQL cannot store is a 422 naming the field, never a 500 from the statement.
 */
export function unstorableTextIssues(value: unknown, path: string[] = []): FieldIssues {
  const issues: FieldIssues = {};
  const visit = (node: unknown, at: string[]) => {
    if (typeof node === "string") {
      if (isUnstorableText(node)) issues[at.join(".") || "base"] = [fieldIssue("text.unstorable")];
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...at, String(i)]));
    } else if (node && typeof node === "object") {
      for (const [key, item] of Object.entries(node)) {
        if (isUnstorableText(key)) issues[[...at, key].join(".")] = [fieldIssue("text.unstorable")];
        else visit(item, [...at, key]);
      }
    }
  };
  visit(value, path);
  return issues;
}
