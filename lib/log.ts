// Structured logs: JSON lines (pino) from the web process and the workers, human-readable when
// stdout is a terminal (pino-pretty). Every API request gets a request id (X-Request-Id from the
// client when it is a plain token, else a new one), returned in the answer and on its log lines with
// the organization; worker lines name the delivery. Secrets, tokens, cookies and custom header values
// are never passed to the logger; the paths below are redacted as a second line of defence.
import "server-only";
import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "@/lib/env";

const REDACT = [
  "authorization",
  "cookie",
  "secret",
  "token",
  "password",
  "headers",
  "*.authorization",
  "*.cookie",
  "*.secret",
  "*.token",
  "*.password",
  "*.headers",
  "*.*.authorization",
  "*.*.cookie",
];

export function createLogger(destination?: DestinationStream): Logger {
  const options = { level: env.LOG_LEVEL, base: { pid: process.pid }, redact: { paths: REDACT, censor: "[redacted]" } };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
  return pino(options);
}

const holder = globalThis as typeof globalThis & { __nfeWebhooksLogger?: Logger };

/** The process's logger (one per process, shared by the web server and Next.js' bundle). */
export function log(): Logger {
  return (holder.__nfeWebhooksLogger ??= createLogger());
}

/** Replaces the process's logger (tests capture lines with it). */
export function setLogger(logger: Logger): void {
  holder.__nfeWebhooksLogger = logger;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's X-Request-Id when it is a plain token, else a new one. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && REQUEST_ID.test(header) ? header : randomUUID();
}
