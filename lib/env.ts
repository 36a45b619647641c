// Every setting, validated once. Code imports `env`, never `process.env`.
import "server-only";
import path from "node:path";
import { z } from "zod";
import { parseTrustProxy } from "@/lib/client-address";
import { parseOriginList } from "@/lib/http/security-headers";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const secondsList = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "a comma-separated list of seconds, e.g. 1,5,30")
  .transform((s) => s.split(",").map((n) => Number(n.trim())))
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z
    .string()
    .min(1)
    .default("./.data")
    .transform((p) => path.resolve(p)),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  // a read replica for the log's lists and the health figures (README "Scaling out"); unset: the primary
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 bytes in base64 (44 characters)")
    .optional(),
  ALLOW_PRIVATE_WEBHOOK_URLS: flag,
  WEBHOOK_RETRY_SCHEDULE: secondsList,
  WEBHOOK_TIMEOUT_MS: positiveInt(15_000),
  WEBHOOK_CONNECT_TIMEOUT_MS: positiveInt(5_000),
  ENDPOINT_CONCURRENCY: positiveInt(10),
  WORKER_CONCURRENCY: positiveInt(32),
  AUTO_DISABLE_AFTER_DAYS: z.coerce.number().positive().default(5),
  AUTO_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(0).default(1000),
  RETENTION_DAYS: positiveInt(30),
  /** a worker silent this long is presumed dead and its locked jobs are released */
  WORKER_DEAD_AFTER_SECONDS: z.coerce.number().int().min(2).default(20),
  /** who may set X-Forwarded-For (lib/api/client-address.ts): unset = nobody, N hops, or proxy CIDRs */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseTrustProxy(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** the dashboard's public origin (https://webhooks.example.com): Origin checks, links in messages */
  APP_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .transform((u) => new URL(u).origin)
    .optional(),
  /** quotas: counts answer 422 past them, rates 429 with Retry-After */
  MAX_ENDPOINTS_PER_ORG: positiveInt(50),
  MAX_TOKENS_PER_ORG: positiveInt(50),
  /** events per second one token may publish, sustained (0: no limit), and the burst above it */
  PUBLISH_RATE_PER_S: z.coerce.number().int().min(0).default(100),
  PUBLISH_BURST: positiveInt(500),
  /** test pings an organization may have waiting on receivers at once */
  MAX_PINGS_IN_FLIGHT_PER_ORG: positiveInt(3),
  /** a dashboard session ends after this long without a request, and this long after the sign-in */
  SESSION_IDLE_HOURS: z.coerce.number().positive().default(24),
  SESSION_MAX_DAYS: z.coerce.number().positive().default(7),
  /** e-mail: smtp://user:pass@host:587 (STARTTLS) or smtps://…; unset = messages are kept, marked unsent */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("NF-e Webhooks <no-reply@localhost>"),
  /** percentages of the auto-disable threshold at which an endpoint's people are warned: "50,75,90" */
  ALERT_THRESHOLDS: z
    .string()
    .default("50,75,90")
    .transform((raw, ctx) => {
      const values = raw.split(",").map((part) => Number(part.trim()));
      if (!raw.trim() || values.some((v) => !Number.isInteger(v) || v < 1 || v > 99)) {
        ctx.addIssue({ code: "custom", message: "must be a comma-separated list of whole percentages between 1 and 99" });
        return z.NEVER;
      }
      return [...new Set(values)].sort((a, b) => a - b);
    }),
  /** platform mode: the operator's credential(s) for /api/v1/operator/… (comma-separated for rotation) */
  OPERATOR_API_KEY: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const keys = (raw ?? "")
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean);
      if (keys.some((k) => k.length < 32)) {
        ctx.addIssue({ code: "custom", message: "each key must be at least 32 characters (npm run -s operator -- key makes one)" });
        return z.NEVER;
      }
      return keys;
    }),
  /** pino's level: fatal, error, warn, info (default), debug (every API request), trace, silent */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** the worker's Prometheus endpoint (GET /metrics); unset: the worker serves none (the web process serves /metrics always) */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Bearer token for /metrics from other hosts; without it, /metrics answers loopback clients only */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** requests a minute one operator key may make (a batch of events counts once) */
  OPERATOR_RATE_PER_MIN: positiveInt(60_000),
  /** origins that may frame the portal's pages (?embed=1): "https://erp.example.com,https://app.example.com" */
  PORTAL_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      try {
        return parseOriginList(raw);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  PORTAL_BRAND_NAME: z.string().trim().min(1).max(80).optional(),
  PORTAL_LOGO_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  PORTAL_PRIMARY_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #0b5fff")
    .optional(),
  /** connections the web process accepts at once; more are refused until some close */
  MAX_CONNECTIONS: positiveInt(1024),
  RUN_WORKER: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

/** Parses a set of variables; throws an EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
}

function load(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

let loaded: Env | undefined;

/** Parsed on first use, so launchers can settle DATABASE_URL before anything reads it. */
export const env: Env = new Proxy({} as Env, {
  get: (_, key) => (loaded ??= load())[key as keyof Env],
});
