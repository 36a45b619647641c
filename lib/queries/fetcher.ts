// The dashboard's client for /api/v1: same-origin, session cookie, JSON errors surfaced as ApiRequestError.
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: Record<string, string[]> | string[],
  ) {
    super(
      Array.isArray(errors)
        ? errors.join("; ")
        : Object.entries(errors)
            .map(([k, v]) => `${k}: ${v.join(", ")}`)
            .join("; "),
    );
  }

  fieldErrors(): Record<string, string[]> {
    return Array.isArray(this.errors) ? {} : this.errors;
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
  const payload = await response.json().catch(() => ({ errors: [`HTTP ${response.status}`] }));
  if (!response.ok) throw new ApiRequestError(response.status, payload.errors ?? [`HTTP ${response.status}`]);
  return payload as T;
}
