// The dashboard's client for /api/v1: same-origin, session cookie, JSON errors surfaced as
// ApiRequestError with the answer's codes, which the pages translate (components/ui/error-text.ts).
import { isFieldErrorCode } from "@/lib/validation";

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

  /** Each field's problems as codes to translate (the API's own words only for a code the dashboard does not know). */
  fieldErrors(): Record<string, string[]> {
    if (Array.isArray(this.errors)) return {};
    return Object.fromEntries(
      Object.entries(this.errors).map(([field, messages]) => [
        field,
        messages.map((message, i) => {
          const code = this.fieldCodes[field]?.[i];
          return code && isFieldErrorCode(code) ? code : message;
        }),
      ]),
    );
  }
}

/**
 * An answer's JSON body. An answer that is not JSON (a proxy's HTML error page, a cut connection) is
 * an ApiRequestError whose code the catalog words ("response.unreadable"), never the browser's
 * "Unexpected token '<'…".
 */
export async function readJson(response: Response): Promise<Record<string, unknown> & { errors?: Problems; code?: string }> {
  try {
    return await response.json();
  } catch {
    throw new ApiRequestError(response.status, [`HTTP ${response.status}`], response.ok ? "response.unreadable" : "internal");
  }
}

/** An answer that is not 2xx as an ApiRequestError carrying its codes. */
export function requestError(response: Response, payload: Awaited<ReturnType<typeof readJson>>): ApiRequestError {
  const fieldCodes = payload.field_codes as Record<string, string[]> | undefined;
  return new ApiRequestError(response.status, payload.errors ?? [`HTTP ${response.status}`], payload.code, fieldCodes);
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  if (response.status === 204) return undefined as T;
  const payload = await readJson(response);
  if (!response.ok) throw requestError(response, payload);
  return payload as T;
}
