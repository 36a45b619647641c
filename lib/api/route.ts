// One definition per API route, independent of the HTTP server that runs it: authentication (session
// cookie or API token), the role it needs, the Origin check of cookie-authenticated changes, the
// body's size limit and reading, zod parsing of body and query, rate limits, and every error as JSON
// `{"errors": …, "code": …}`. Two adapters run definitions: Next.js route handlers
// (lib/api/next-route.ts, every app/api route file) and node:http (lib/api/node-route.ts, the web
// process's fast path for POST /api/v1/events). Both give the same answer to the same request.
import "server-only";
import { z } from "zod";
import { clientAddress } from "@/lib/client-address";
import { isDeadlock, isUnreachable } from "@/lib/db/retry";
import { env } from "@/lib/env";
import { ApiError, BadRequest, Forbidden, Invalid, TooManyRequests, type ErrorBody } from "@/lib/errors";
import {
  authenticate,
  checkBrowserOrigin,
  may,
  outOfScope,
  portalMayCall,
  presentedToken,
  refusalError,
  type Need,
  type Principal,
} from "@/lib/api/principal";
import { lookupHash, TokenRefused } from "@/lib/auth/tokens";
import { checkEnvironmentScope } from "@/lib/api/environment-scope";
import { authenticateOperatorRequest, type Operator } from "@/lib/operator/auth";
import type { RateLimit } from "@/lib/rate-limit";
import { CODED, fieldIssue, fieldIssues, refusingUnknownFields, unstorableTextIssues } from "@/lib/validation";
import { log, requestIdFrom } from "@/lib/log";

/** What a route sees of a request, whichever server received it. */
export interface ApiRequest {
  method: string;
  /** path and query (the host part means nothing) */
  url: URL;
  headers: Headers;
  /** the TCP peer's address; the client's address is derived from it (TRUST_PROXY) */
  peerAddress: string;
  /** The body, at most `limit` bytes: PayloadTooLarge past it (declared or streamed). */
  readBody(limit: number): Promise<Buffer>;
}

/** An answer: JSON `body` (none for 204), status and headers. */
export class Reply {
  constructor(
    readonly body: unknown,
    readonly status = 200,
    readonly headers: Record<string, string> = {},
  ) {}
}

export function reply(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return new Reply(body, status, headers);
}

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<B extends Schema, Q extends Schema> {
  /**
   * "public" skips authentication (sign-up); "operator" takes only the OPERATOR_API_KEY (platform
   * mode, /api/v1/operator/…) and nothing else; "required" (default) takes anything else.
   */
  auth?: "required" | "public" | "operator";
  /** what the caller needs; default: GET reads, other methods change (admin) */
  need?: Need;
  body?: B;
  query?: Q;
  /** default 64 KB */
  maxBodyBytes?: number;
  /** every call counts against the client's address, refused with 429 past the limit */
  rateLimit?: RateLimit;
  /**
   * Called instead of the handler when the caller presents an API token, which it checks itself
   * where it stores (POST /api/v1/events: the publish statement checks it, so a publish is one
   * statement). It throws TokenRefused when the token may not, and names the token's organization.
   */
  withToken?: (ctx: TokenContext<B>) => Promise<{ organizationId: string; reply: Reply }>;
}

export interface TokenContext<B extends Schema> {
  request: ApiRequest;
  /** the presented token's lookup hash (lib/auth/tokens.ts), not checked yet */
  tokenHash: string;
  address: string;
  body: Parsed<B>;
}

export interface RouteContext<B extends Schema, Q extends Schema> {
  request: ApiRequest;
  params: Record<string, string>;
  principal: Principal;
  /** on operator routes, the operator key that called (principal then names no organization) */
  operator: Operator | null;
  /** the client's address (TRUST_PROXY applied) */
  address: string;
  body: Parsed<B>;
  query: Parsed<Q>;
}

/** A handler returns an object (200 JSON), null (204) or a Reply. */
type Handler<B extends Schema, Q extends Schema> = (ctx: RouteContext<B, Q>) => Promise<Reply | object | null>;

export interface RouteDefinition<B extends Schema = Schema, Q extends Schema = Schema> {
  options: RouteOptions<B, Q>;
  handler: Handler<B, Q>;
}

export function defineRoute<B extends Schema = undefined, Q extends Schema = undefined>(
  options: RouteOptions<B, Q>,
  handler: Handler<B, Q>,
): RouteDefinition<B, Q> {
  return { options, handler };
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const ANONYMOUS: Principal = { kind: "user", userId: "", organizationId: "", role: "viewer", sessionId: "" };

/** A request body as JSON: undefined when empty, 400 when malformed. */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest("json.malformed", "malformed JSON body");
  }
}

/** `schema` parses `value`, or a 422 names each field; a body (`{ body: true }`) may hold no field its schema does not know. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, { body = false } = {}): z.output<S> {
  const unstorable = unstorableTextIssues(value);
  if (Object.keys(unstorable).length) throw new Invalid(unstorable);
  const result = (body ? refusingUnknownFields(schema) : schema).safeParse(value, CODED);
  if (!result.success) throw new Invalid(fieldIssues(result.error));
  return result.data;
}

/** The query's parameters; one given twice (`?status=failed&status=paused`) is a 422 naming it, not the last one silently. */
function queryOf(params: URLSearchParams): Record<string, string> {
  const repeated = [...new Set([...params.keys()].filter((key) => params.getAll(key).length > 1))];
  if (repeated.length) throw new Invalid(Object.fromEntries(repeated.map((key) => [key, [fieldIssue("field.repeated")]])));
  return Object.fromEntries(params);
}

/** What a thrown error answers (500, logged, for the unexpected). */
export function errorReply(error: unknown, requestId?: string): Reply {
  if (error instanceof ApiError) return reply(error.body(), error.status, error.headers);
  if (error instanceof z.ZodError) return reply(new Invalid(fieldIssues(error)).body(), 422);
  // the database broke a lock cycle with this request's statement (after its retries) or is away for a
  // moment (a restart, a failover): nothing was changed, and asking again shortly will do
  if (isDeadlock(error) || isUnreachable(error)) {
    log().warn({ request_id: requestId, err: error }, "database unavailable for a request");
    return reply({ errors: ["the service is busy or cannot reach its database: try again in a moment"], code: "unavailable" }, 503, {
      "retry-after": "1",
    });
  }
  log().error({ request_id: requestId, err: error }, "unhandled API error");
  const body: ErrorBody = { errors: ["internal error"], code: "internal" };
  return reply(body, 500);
}

/** What the log line of a request names, filled in as the request is answered. */
interface Seen {
  organizationId?: string;
  operatorKeyId?: string;
}

async function answer<B extends Schema, Q extends Schema>(
  route: RouteDefinition<B, Q>,
  request: ApiRequest,
  params: Record<string, string>,
  seen: Seen,
): Promise<Reply> {
  const { options } = route;
  const address = clientAddress(request.peerAddress, request.headers.get("x-forwarded-for"), env.TRUST_PROXY);
  if (options.rateLimit) {
    const wait = await options.rateLimit.hit(`ip:${address}`);
    if (wait > 0) throw new TooManyRequests(wait);
  }
  const need: Need = options.need ?? (request.method === "GET" ? "read" : "admin");
  if (options.auth === "public") checkBrowserOrigin(request);
  const token =
    options.withToken && (options.auth ?? "required") === "required" ? presentedToken(request.headers.get("authorization")) : undefined;
  const tokenHash = token && lookupHash(token);
  if (tokenHash) return answerWithToken(route, request, { tokenHash, address, need }, seen);
  const operator = options.auth === "operator" ? await authenticateOperatorRequest(request, address) : null;
  const principal =
    options.auth === "public" || operator ? ANONYMOUS : await authenticate(request, address, { publish: need === "publish" });
  seen.organizationId = principal.organizationId || undefined;
  seen.operatorKeyId = operator?.keyId;
  if (principal.kind === "user" && principal.portal && !portalMayCall(request.method, request.url.pathname)) {
    throw new Forbidden("portal.forbidden", "a portal session reaches this organization's webhook screens only");
  }
  if (options.auth === "required" || options.auth === undefined) {
    if (!may(principal, need)) {
      if (principal.kind === "token") throw outOfScope(principal.scope, need);
      throw new Forbidden("role.forbidden", "your role can view but not change this");
    }
    await checkEnvironmentScope(principal, request.url.pathname);
  }
  const body = await bodyOf(options, request);
  const query = options.query ? parseOrThrow(options.query, queryOf(request.url.searchParams)) : undefined;
  const result = await route.handler({ request, params, principal, operator, address, body: body as Parsed<B>, query: query as Parsed<Q> });
  if (result instanceof Reply) return result;
  return result === null ? reply(null, 204) : reply(result);
}

/** The request's body, parsed by the route's schema (undefined when it takes none). */
async function bodyOf<B extends Schema, Q extends Schema>(options: RouteOptions<B, Q>, request: ApiRequest): Promise<Parsed<B>> {
  if (!options.body) return undefined as Parsed<B>;
  const raw = parseJsonBody((await request.readBody(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)).toString("utf8"));
  return parseOrThrow(options.body, raw ?? {}, { body: true }) as Parsed<B>;
}

/**
 * A route whose token is checked where it stores (`withToken`). Its refusals are what a lookup
 * first would have answered, and they come first here too: a request its token may not make hears
 * 401, 429 or 403 rather than what is wrong with its body (then looked up the usual way).
 */
async function answerWithToken<B extends Schema, Q extends Schema>(
  route: RouteDefinition<B, Q>,
  request: ApiRequest,
  { tokenHash, address, need }: { tokenHash: string; address: string; need: Need },
  seen: Seen,
): Promise<Reply> {
  try {
    const body = await bodyOf(route.options, request);
    const { organizationId, reply } = await route.options.withToken!({ request, tokenHash, address, body });
    seen.organizationId = organizationId;
    return reply;
  } catch (error) {
    if (error instanceof TokenRefused) throw await refusalError(error.refusal, address);
    if (error instanceof ApiError && error.status < 500) {
      const principal = await authenticate(request, address, { publish: need === "publish" });
      seen.organizationId = principal.organizationId;
      if (!may(principal, need)) throw outOfScope(principal.kind === "token" ? principal.scope : "none", need);
    }
    throw error;
  }
}

/**
 * Runs a route for one request. Never throws: every failure is an answer. The answer carries the
 * request id (X-Request-Id), and so does its log line: at debug level for 2xx–4xx (LOG_LEVEL=debug
 * logs every request), at error level for a 5xx.
 */
export async function runRoute<B extends Schema, Q extends Schema>(
  route: RouteDefinition<B, Q>,
  request: ApiRequest,
  params: Record<string, string> = {},
): Promise<Reply> {
  const requestId = requestIdFrom(request.headers.get("x-request-id"));
  const started = performance.now();
  const seen: Seen = {};
  let answered: Reply;
  try {
    answered = await answer(route, request, params, seen);
  } catch (error) {
    answered = errorReply(error, requestId);
  }
  const line = {
    request_id: requestId,
    method: request.method,
    path: request.url.pathname,
    status: answered.status,
    ms: Math.round(performance.now() - started),
    organization_id: seen.organizationId,
    operator_key_id: seen.operatorKeyId,
  };
  // refusals are few and worth seeing at the default level; answered requests are the hot path's
  // thousands a second: LOG_LEVEL=debug writes them too (an access log)
  if (answered.status >= 500) log().error(line, "request failed");
  else if (answered.status >= 400) log().info(line, "request refused");
  else log().debug(line, "request");
  return new Reply(answered.body, answered.status, { ...answered.headers, "x-request-id": requestId });
}
