// Sends one webhook request. The delivery engine and the test ping both go through here, so timeouts,
// the outbound address policy, redirects and response capture behave the same everywhere.
import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import { Agent, buildConnector, request } from "undici";
import { storableText } from "@/lib/text";
import { BlockedAddressError, checkLiteralHost, parseWebhookUrl, policyLookup, privateUrlsAllowed, type LookupFn } from "./url-policy";

export const USER_AGENT = "NFe-Webhooks/1.0";
export const CONTENT_TYPE = "application/json; charset=utf-8";
export const MAX_RESPONSE_BODY_BYTES = 20 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export type DeliverRequest = {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  allowPrivate?: boolean;
  lookup?: LookupFn;
  signal?: AbortSignal;
};

export type DeliverErrorKind = "timeout" | "connect" | "dns" | "tls" | "blocked" | "redirect" | "http";

export type DeliverResult = {
  ok: boolean;
  statusCode?: number;
  errorKind?: DeliverErrorKind;
  errorMessage?: string;
  /** the system's code for a network failure (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…), when it gave one */
  errorCode?: string;
  durationMs: number;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  /** the body as storable text (lib/text.ts): NUL and invalid UTF-8 replaced */
  responseBody: string;
  /** how many bytes of body were read (at most MAX_RESPONSE_BODY_BYTES) */
  responseBodyBytes: number;
  responseBodyTruncated: boolean;
  retryAfterSeconds?: number;
};

// ---------- agents ----------

type AgentOptions = { allowPrivate: boolean; connectTimeoutMs: number; lookup?: LookupFn };

// IP literals never reach `lookup`, so the connector checks them itself: every new connection is vetted.
function createAgent({ allowPrivate, connectTimeoutMs, lookup }: AgentOptions): Agent {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: policyLookup({ allowPrivate, lookup }) });
  return new Agent({
    connect: (options, callback) => {
      const blocked = checkLiteralHost(options.hostname, { allowPrivate });
      if (blocked) queueMicrotask(() => callback(blocked, null));
      else connect(options, callback);
    },
  });
}

const sharedAgents = new Map<string, Agent>();

// One keep-alive pool per policy: a connection opened under allowPrivate must never serve a stricter call.
function agentFor(options: AgentOptions): { agent: Agent; release: () => void } {
  if (options.lookup) {
    const agent = createAgent(options);
    return { agent, release: () => void agent.destroy() };
  }
  const key = `${options.allowPrivate}:${options.connectTimeoutMs}`;
  let agent = sharedAgents.get(key);
  if (!agent) {
    agent = createAgent(options);
    sharedAgents.set(key, agent);
  }
  return { agent, release: () => undefined };
}

/** Lets in-flight requests finish, then closes every pooled connection. */
export async function closeDeliverAgents(): Promise<void> {
  const agents = [...sharedAgents.values()];
  sharedAgents.clear();
  await Promise.all(agents.map((agent) => agent.close()));
}

// ---------- request and response ----------

// (loops rather than entries/fromEntries chains: these run for every delivery)
function requestHeadersFor(custom: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { "content-type": CONTENT_TYPE, "user-agent": USER_AGENT };
  for (const name of Object.keys(custom)) {
    const lower = name.toLowerCase();
    if (lower === "content-type" || lower === "user-agent") delete headers[lower];
  }
  return Object.assign(headers, custom);
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    flat[storableText(name)] = storableText(Array.isArray(value) ? value.join(", ") : (value ?? ""));
  }
  return flat;
}

/** Retry-After as seconds from now: delta-seconds or an HTTP-date; undefined when absent or malformed. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Every HTTP-date format starts with a day name; this keeps Date.parse from reading "1.5" as a date.
  const date = /^[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

type BodyRead = Pick<DeliverResult, "responseBody" | "responseBodyBytes" | "responseBodyTruncated">;

// Reads at most `limit` bytes, then destroys the stream (and its connection): a huge body is neither
// downloaded nor buffered. With listeners rather than `for await`: the async iterator and its
// end-of-stream watcher were a tenth of what the worker allocated per delivery (measured), and what
// it allocates is what its garbage collector spends a third of its time on.
function readLimited(body: Readable, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (truncated: boolean) => {
      if (settled) return;
      settled = true;
      body.off("data", onData);
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      resolve({ responseBody: storableText(bytes.toString("utf8")), responseBodyBytes: bytes.length, responseBodyTruncated: truncated });
    };
    const onData = (chunk: Buffer) => {
      const room = limit - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        settle(true);
        body.destroy();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };
    body.on("data", onData);
    body.once("end", () => settle(false));
    // the body stalled past the deadline or the connection dropped mid-body (the listener stays: an
    // error after the end must not go unhandled)
    body.on("error", () => settle(true));
    body.once("close", () => settle(true));
  });
}

function statusOutcome(statusCode: number, headers: Record<string, string>): Pick<DeliverResult, "ok" | "errorKind" | "errorMessage"> {
  if (statusCode >= 200 && statusCode < 300) return { ok: true };
  if (statusCode >= 300 && statusCode < 400) {
    const target = headers.location ? ` to ${headers.location}` : "";
    return { ok: false, errorKind: "redirect", errorMessage: `HTTP ${statusCode} redirect${target} was not followed` };
  }
  return { ok: false, errorKind: "http", errorMessage: `HTTP ${statusCode}` };
}

// ---------- errors ----------

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME"]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$)/;

// The code that explains a failure may sit on a cause or, after Happy Eyeballs, inside an AggregateError.
function errorCodes(error: unknown, depth = 0): string[] {
  if (!(error instanceof Error) || depth > 3) return [];
  const code = (error as NodeJS.ErrnoException).code;
  const own = typeof code === "string" ? [code] : [];
  const nested = error instanceof AggregateError ? error.errors : [];
  return [...own, ...[error.cause, ...nested].flatMap((inner) => errorCodes(inner, depth + 1))];
}

function kindOf(error: unknown): DeliverErrorKind {
  const codes = errorCodes(error);
  if (error instanceof BlockedAddressError || codes.includes("EBLOCKED")) return "blocked";
  if (codes.some((code) => TIMEOUT_CODES.has(code))) return "timeout";
  if (codes.some((code) => DNS_CODES.has(code))) return "dns";
  if (codes.some((code) => TLS_CODE.test(code))) return "tls";
  return "connect";
}

// AggregateErrors from Happy Eyeballs often have an empty message of their own.
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nested = error instanceof AggregateError ? error.errors.map(messageOf) : [];
  return error.message || nested.find(Boolean) || errorCodes(error)[0] || error.name;
}

type Failure = { errorKind: DeliverErrorKind; errorMessage: string; errorCode?: string };

/** The code that says most about a failure of this kind (the TLS code of a TLS failure…). */
function telling(codes: string[], kind: DeliverErrorKind): string | undefined {
  const matches = (code: string) =>
    kind === "tls" ? TLS_CODE.test(code) : kind === "dns" ? DNS_CODES.has(code) : !code.startsWith("UND_ERR_") && !code.startsWith("ABORT");
  return codes.find(matches) ?? codes[0];
}

function failure(error: unknown, timeout: AbortSignal, timeoutMs: number, caller?: AbortSignal): Failure {
  if (timeout.aborted) return { errorKind: "timeout", errorMessage: `no response within ${timeoutMs} ms` };
  if (caller?.aborted) return { errorKind: "timeout", errorMessage: "request aborted" };
  const errorKind = kindOf(error);
  return { errorKind, errorMessage: storableText(messageOf(error)), errorCode: telling(errorCodes(error), errorKind) };
}

// ---------- deliver ----------

/** POSTs `body` to `url` once. Never throws for network trouble: the result says what happened. */
export async function deliver(req: DeliverRequest): Promise<DeliverResult> {
  const started = performance.now();
  const requestHeaders = requestHeadersFor(req.headers);
  const empty = { requestHeaders, responseHeaders: {}, responseBody: "", responseBodyBytes: 0, responseBodyTruncated: false };
  const elapsed = () => Math.round(performance.now() - started);

  const parsed = parseWebhookUrl(req.url);
  if (!parsed.ok) return { ok: false, errorKind: "blocked", errorMessage: parsed.message, durationMs: elapsed(), ...empty };

  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // a timer of our own, cleared when the request is done: AbortSignal.timeout() registers every signal
  // for finalization, which the garbage collector then has to process per delivery
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException(`no response within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
  timer.unref();
  const timeout = deadline.signal;
  const { agent, release } = agentFor({
    allowPrivate: req.allowPrivate ?? privateUrlsAllowed(),
    connectTimeoutMs: req.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    lookup: req.lookup,
  });
  try {
    const response = await request(parsed.url, {
      dispatcher: agent,
      method: "POST",
      headers: requestHeaders,
      body: req.body,
      signal: req.signal ? AbortSignal.any([timeout, req.signal]) : timeout,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const responseHeaders = flattenHeaders(response.headers);
    const body = await readLimited(response.body, MAX_RESPONSE_BODY_BYTES);
    return {
      ...statusOutcome(response.statusCode, responseHeaders),
      statusCode: response.statusCode,
      retryAfterSeconds: parseRetryAfter(responseHeaders["retry-after"]),
      durationMs: elapsed(),
      requestHeaders,
      responseHeaders,
      ...body,
    };
  } catch (error) {
    return { ok: false, ...failure(error, timeout, timeoutMs, req.signal), durationMs: elapsed(), ...empty };
  } finally {
    clearTimeout(timer);
    release();
  }
}
