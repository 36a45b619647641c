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

/** A field issue with its English text, `{placeholders}` filled from `params`. */
export function fieldIssue(code: FieldErrorCode, params: Record<string, unknown> = {}): FieldIssue {
  const message = FIELD_ERRORS[code].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ""));
  return { code, message };
}

/** What a zod issue carries that a message may need. */
function paramsOf(issue: z.core.$ZodIssue): Record<string, unknown> {
  const extra = issue as { maximum?: unknown; minimum?: unknown; values?: unknown[]; params?: Record<string, unknown> };
  return {
    maximum: extra.maximum,
    minimum: extra.minimum,
    options: extra.values?.map(String).join(", "),
    ...extra.params,
  };
}

/** zod's issues as field issues keyed by dotted path (`prefix` first, "base" for the whole input). */
export function fieldIssues(error: z.ZodError, prefix = ""): FieldIssues {
  const issues: FieldIssues = {};
  for (const problem of error.issues) {
    const key = [prefix, ...problem.path.map(String)].filter(Boolean).join(".") || "base";
    const coded = isFieldErrorCode(problem.message);
    const entry = coded ? fieldIssue(problem.message as FieldErrorCode, paramsOf(problem)) : { code: "invalid", message: problem.message };
    (issues[key] ??= []).push(entry);
  }
  return issues;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date between the years 1000 and 9999 (what PostgreSQL and every client agree on), as a Date. */
export const isoDate = z
  .string()
  .refine((s) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(s)), issue("date"))
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
