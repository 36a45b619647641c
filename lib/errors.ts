// Typed errors thrown by lib/; the API wrapper maps each to its status and a JSON `{"errors": …}` body.
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: FieldErrors | string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(Array.isArray(errors) ? errors.join("; ") : JSON.stringify(errors));
  }
}

export class BadRequest extends ApiError {
  constructor(message: string) {
    super(400, [message]);
  }
}
export class Unauthorized extends ApiError {
  constructor(message = "authentication required") {
    super(401, [message], { "www-authenticate": 'Bearer realm="api", Basic realm="api"' });
  }
}
export class Forbidden extends ApiError {
  constructor(message = "not allowed") {
    super(403, [message]);
  }
}
export class NotFound extends ApiError {
  constructor(message = "not found") {
    super(404, [message]);
  }
}
export class Conflict extends ApiError {
  constructor(errors: FieldErrors | string[]) {
    super(409, errors);
  }
}
export class Invalid extends ApiError {
  constructor(errors: FieldErrors) {
    super(422, errors);
  }
}
export class PayloadTooLarge extends ApiError {
  constructor(limitBytes: number) {
    super(413, [`request body is larger than ${Math.round(limitBytes / 1024)} KB`]);
  }
}
export class TooManyRequests extends ApiError {
  constructor(retryAfterSeconds: number) {
    super(429, ["too many requests, try again later"], { "retry-after": String(retryAfterSeconds) });
  }
}
