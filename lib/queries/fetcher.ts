// The dashboard's client for /api/v1: same-origin, session cookie, JSON errors surfaced as
// ApiRequestError with the answer's codes, which the pages translate (components/ui/error-text.ts).
type Problems = Record<string, string[]> | string[];

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: Problems,
    /** the answer's `code` (lib/errors.ts) */
    readonly code?: string,
    readonly fieldCodes: Record<string, string[]> = {},
  ) {
    super(
      Array.isArray(errors)
        ? errors.join("; ")
        : Object.entries(errors)
            .map(([k, v]) => `${k}: ${v.join(", ")}`)
            .join("; "),
    );
  }

  /** Each field's problems as codes to translate (the API's own words when it gave no precise code). */
  fieldErrors(): Record<string, string[]> {
    if (Array.isArray(this.errors)) return {};
    return Object.fromEntries(
      Object.entries(this.errors).map(([field, messages]) => [
        field,
        messages.map((message, i) => {
          const code = this.fieldCodes[field]?.[i];
          return code && code !== "invalid" ? code : message;
        }),
      ]),
    );
  }
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  if (response.status === 204) return undefined as T;
  const payload = await response.json().catch(() => ({ errors: [`HTTP ${response.status}`], code: "internal" }));
  if (!response.ok)
    throw new ApiRequestError(response.status, payload.errors ?? [`HTTP ${response.status}`], payload.code, payload.field_codes);
  return payload as T;
}
