// Typed errors thrown by lib/. The route layer (lib/api/route.ts) answers each with its status and
// `{"errors": …, "code": …}`: `errors` keeps the shapes API clients already read (a list of messages,
// or messages by field), `code` says what happened in a word a program (and the dashboard's message
// catalog) can rely on, `field_codes` does the same for each field message, and `details` adds what
// the code needs (e.g. the test ping's outcome). Browser-safe: the dashboard reads codes too.

/** What went wrong, for programs: stable across releases and languages. */
export const ERROR_CODES = [
  "invalid",
  "json.malformed",
  "cursor.invalid",
  "auth.required",
  "token.invalid",
  "role.forbidden",
  "token.scope",
  "quota.exceeded",
  "origin.refused",
  "not_found",
  "conflict",
  "delivery.waiting_predecessor",
  "webhook.deleted",
  "webhook.disabled",
  "webhook.polling",
  "method.not_allowed",
  "payload.too_large",
  "rate_limited",
  "url.blocked",
  "url.ping_failed",
  "email.taken",
  "session.required",
  "invitation.other_email",
  "operator.required",
  "portal.forbidden",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one field: a code from FIELD_ERRORS (lib/validation.ts) and its English text. */
export interface FieldIssue {
  code: string;
  message: string;
}

export type FieldIssues = Record<string, FieldIssue[]>;

export interface ErrorBody {
  errors: string[] | Record<string, string[]>;
  code: ErrorCode;
  field_codes?: Record<string, string[]>;
  [detail: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly problems: string[] | FieldIssues,
    readonly headers: Record<string, string> = {},
    /** merged into the answer beside `errors` and `code` */
    readonly details: Record<string, unknown> = {},
  ) {
    super(Array.isArray(problems) ? problems.join("; ") : describeIssues(problems));
  }

  body(): ErrorBody {
    if (Array.isArray(this.problems)) return { errors: this.problems, code: this.code, ...this.details };
    const entries = Object.entries(this.problems);
    return {
      errors: Object.fromEntries(entries.map(([field, issues]) => [field, issues.map((i) => i.message)])),
      code: this.code,
      field_codes: Object.fromEntries(entries.map(([field, issues]) => [field, issues.map((i) => i.code)])),
      ...this.details,
    };
  }
}

function describeIssues(issues: FieldIssues): string {
  return Object.entries(issues)
    .map(([field, list]) => `${field}: ${list.map((i) => i.message).join(", ")}`)
    .join("; ");
}

export class BadRequest extends ApiError {
  constructor(code: "json.malformed" | "cursor.invalid", message: string) {
    super(400, code, [message]);
  }
}
export class Unauthorized extends ApiError {
  constructor(code: "auth.required" | "token.invalid" | "operator.required" = "auth.required", message = "authentication required") {
    super(401, code, [message], { "www-authenticate": 'Bearer realm="api", Basic realm="api"' });
  }
}
export class Forbidden extends ApiError {
  constructor(
    code: "role.forbidden" | "origin.refused" | "token.scope" | "session.required" | "invitation.other_email" | "portal.forbidden",
    message: string,
  ) {
    super(403, code, [message]);
  }
}
export class NotFound extends ApiError {
  constructor(message = "not found") {
    super(404, "not_found", [message]);
  }
}
export class Conflict extends ApiError {
  constructor(message: string, code: ErrorCode = "conflict") {
    super(409, code, [message]);
  }
}
/** 422: the fields named in `issues` are wrong; `code` names the failure when one field tells all. */
export class Invalid extends ApiError {
  constructor(issues: FieldIssues, code: ErrorCode = "invalid", details: Record<string, unknown> = {}) {
    super(422, code, issues, {}, details);
  }
}
export class PayloadTooLarge extends ApiError {
  constructor(limitBytes: number) {
    super(413, "payload.too_large", [`request body is larger than ${Math.round(limitBytes / 1024)} KB`]);
  }
}
export class TooManyRequests extends ApiError {
  constructor(retryAfterSeconds: number, message = "too many requests, try again later") {
    super(429, "rate_limited", [message], { "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}
