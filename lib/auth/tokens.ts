// API tokens: random, shown once, stored as a SHA-256 hash (they carry 256 bits of entropy, so a
// slow hash buys nothing), listed by name + prefix, revocable. Every request has its token checked
// in the database, which also notes when it was last used and, for a publish, takes from the token's
// publish budget: a publish in its publish statement (lib/webhooks/engine/publish-batcher.ts), any
// other request in a lookup statement (the requests that arrive while one runs share the next). A
// revocation, a demotion or a member's removal takes effect at once in every process, and no process
// keeps token state of its own.
//
// A token's scope is chosen at creation: `publish` (only POST /api/v1/events: what an invoicing
// system should hold), `read` (every GET) or `admin` (everything). It never acts above its
// creator's current role: a creator demoted to viewer leaves their tokens read-only (a publish
// token then does nothing), and a creator who leaves the organization takes their tokens along.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { canChange } from "@/lib/auth/roles";
import { batched } from "@/lib/batch";
import { pool, prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { Invalid, NotFound } from "@/lib/errors";
import { Role, type TokenScope } from "@/lib/generated/prisma/enums";
import type { Environment } from "@/lib/webhooks/environments";

const PREFIX = "nfe_";

export const TOKEN_SCOPES = ["publish", "read", "admin"] as const satisfies readonly TokenScope[];

/** What a token may do now: its scope, bounded by its creator's current role ("none": nothing). */
export type EffectiveScope = TokenScope | "none";

export interface TokenPrincipal {
  tokenId: string;
  organizationId: string;
  scope: EffectiveScope;
  createdById: string | null;
  /** seconds until this publish fits the token's rate (0: it does, or this is not a publish) */
  publishWait: number;
  /** the only environment it publishes in and lists (null: both) */
  environment: Environment | null;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The hash a token is looked up by; undefined for what cannot be one of ours. */
export function lookupHash(token: string): string | undefined {
  return token.startsWith(PREFIX) && token.length <= 200 ? hashToken(token) : undefined;
}

/**
 * Why the statement that checked a publish's token refused it (nothing was stored): unknown, revoked
 * or its creator left; its scope does not publish; past its rate (`wait` seconds until the next
 * fits); or the event is of another environment than the token's.
 */
export interface TokenRefusal {
  code: "token.invalid" | "token.scope" | "token.rate" | "environment.token_limited";
  scope: EffectiveScope | null;
  wait: number;
  environment: Environment | null;
}

/** A publish whose token was refused where it was checked (lib/api/principal.ts answers it). */
export class TokenRefused extends Error {
  constructor(readonly refusal: TokenRefusal) {
    super(`token refused: ${refusal.code}`);
  }
}

export interface NewToken {
  name: string;
  scope?: TokenScope;
  createdById?: string | null;
  /** events per second (0: no limit); default PUBLISH_RATE_PER_S */
  publishRatePerS?: number | null;
  /** limited to one environment (null or left out: both) */
  environment?: Environment | null;
}

/** A new token; past MAX_TOKENS_PER_ORG live tokens the answer is 422 (checked under a per-organization lock). */
export async function createApiToken(
  organizationId: string,
  { name, scope = "admin", createdById, publishRatePerS, environment = null }: NewToken,
) {
  const token = PREFIX + randomBytes(32).toString("base64url");
  const record = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tokens:' || ${organizationId}))`;
    const live = await tx.apiToken.count({ where: { organizationId, revokedAt: null } });
    if (live >= env.MAX_TOKENS_PER_ORG) {
      const message = `your organization has ${live} API tokens, the most it may have (MAX_TOKENS_PER_ORG): revoke one first`;
      throw new Invalid({ base: [{ code: "quota.exceeded", message }] }, "quota.exceeded", { limit: env.MAX_TOKENS_PER_ORG });
    }
    return tx.apiToken.create({
      data: {
        organizationId,
        name,
        scope,
        createdById,
        publishRatePerS,
        environment,
        prefix: token.slice(0, 12),
        tokenHash: hashToken(token),
      },
    });
  });
  return { token, record };
}

export function listApiTokens(organizationId: string) {
  return prisma.apiToken.findMany({
    where: { organizationId, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, scope: true, environment: true, lastUsedAt: true, createdAt: true },
  });
}

/** A member who leaves takes their tokens along (the lookup refuses them anyway; this makes it visible). */
export async function revokeTokensOf(organizationId: string, userId: string): Promise<number> {
  const { count } = await prisma.apiToken.updateMany({
    where: { organizationId, createdById: userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

export async function revokeApiToken(organizationId: string, id: string): Promise<void> {
  const { count } = await prisma.apiToken.updateMany({ where: { id, organizationId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new NotFound("token not found");
}

// The publish budget is a GCRA in rate_limits: reset_at is when the token's bucket is full again; a
// publish moves it 1/rate later, and is let through while it stays within burst/rate of now. A token's
// publishes in one statement take from it in order while they fit (`room`: how many fit now); `count`
// is how many did.
const ROOM = (bucket: string) =>
  `floor($3 - extract(epoch FROM greatest(${bucket}.reset_at, now()) - now()) * (SELECT rate FROM t WHERE 'publish:' || t.id = ${bucket}.key) + 1e-6)::int`;

/** Roles whose tokens keep their scope (a lesser creator's tokens read at most). */
const CHANGING_ROLES = Object.values(Role).filter(canChange);

/**
 * The CTEs that look up the tokens of `input` (rows of hash text, publishes int) and spend their
 * publishes from their budgets: `checked` has a row per live token found, with what it may do now
 * (`effective_scope`: its scope bounded by its creator's current role, 'none' for nothing), how many
 * of its publishes fit (`allowed`, the first ones) and in how many seconds the next one fits
 * (`publish_wait`). $2: PUBLISH_RATE_PER_S; $3: PUBLISH_BURST. The token lookup's statement and
 * the publish statement (lib/webhooks/engine/publish-batcher.ts) both use them.
 */
export const tokenCtes = (input: string) => `
t AS (
  SELECT k.id, k.token_hash, k.organization_id, k.last_used_at, k.scope, k.environment, k.created_by_id,
    CASE WHEN k.created_by_id IS NULL OR m.role::text IN (${CHANGING_ROLES.map((r) => `'${r}'`).join(", ")}) THEN k.scope::text
      WHEN k.scope = 'publish' THEN 'none' ELSE 'read' END AS effective_scope,
    coalesce(k.publish_rate_per_s, $2) AS rate, i.publishes
  FROM ${input} i JOIN api_tokens k ON k.token_hash = i.hash
  LEFT JOIN memberships m ON m.user_id = k.created_by_id AND m.organization_id = k.organization_id
  -- a creator who left the organization took the token along
  WHERE k.revoked_at IS NULL AND (k.created_by_id IS NULL OR m.role IS NOT NULL)
), touched AS (
  -- "last used" is news once a minute, not on every request; a token another statement is noting
  -- is left to it (no wait: the lookups and the publishes of a process run side by side)
  UPDATE api_tokens SET last_used_at = now()
  WHERE id IN (SELECT k.id FROM api_tokens k JOIN t ON t.id = k.id
    WHERE t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute' FOR NO KEY UPDATE OF k SKIP LOCKED)
), spent AS (
  -- buckets are locked in key order, as every statement that spends from several does
  INSERT INTO rate_limits AS b (key, count, reset_at)
  SELECT 'publish:' || t.id, least(t.publishes, $3), now() + make_interval(secs => least(t.publishes, $3)::float8 / t.rate)
  FROM t WHERE t.publishes > 0 AND t.rate > 0 ORDER BY 1
  ON CONFLICT (key) DO UPDATE SET count = least(excluded.count, ${ROOM("b")}),
    reset_at = greatest(b.reset_at, now()) + make_interval(secs => least(excluded.count, ${ROOM("b")})::float8 / (SELECT rate FROM t WHERE 'publish:' || t.id = b.key))
  WHERE ${ROOM("b")} >= 1
  RETURNING key, count, reset_at
), checked AS (
  SELECT t.token_hash, t.id, t.organization_id, t.effective_scope, t.environment, t.created_by_id,
    CASE WHEN t.publishes = 0 OR t.rate = 0 THEN t.publishes ELSE coalesce(s.count, 0) END AS allowed,
    CASE WHEN t.publishes = 0 OR t.rate = 0 THEN 0
    ELSE extract(epoch FROM coalesce(s.reset_at, (SELECT reset_at FROM rate_limits WHERE key = 'publish:' || t.id)) - now())::float8 - ($3 - 1)::float8 / t.rate
    END AS publish_wait
  FROM t LEFT JOIN spent s ON s.key = 'publish:' || t.id
)`;

// $1: the batch's tokens, [{hash, publishes}]
const LOOKUP_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(hash text, publishes int)
), ${tokenCtes("input")}
SELECT * FROM checked`;

/** A row of `checked`. */
interface CheckedToken {
  token_hash: string;
  id: string;
  organization_id: string;
  effective_scope: EffectiveScope;
  environment: Environment | null;
  created_by_id: string | null;
  /** how many of the batch's publishes with this token fit its budget (the first ones) */
  allowed: number;
  /** seconds until the next publish fits */
  publish_wait: number;
}

interface Lookup {
  hash: string;
  publish: boolean;
}

/** Looks up at most this many requests' tokens in one statement. */
const MAX_LOOKUPS = 100;
/** A lookup statement that has not answered in this long fails its requests (503) and the next one goes. */
const LOOKUP_TIMEOUT_MS = 10_000;

/**
 * The tokens of the requests that arrived while the previous lookup ran, in one statement: under
 * load a statement per request was as many lookups as publishes. Measured on the shared bench's
 * product step (16 publishers, one token, alternating runs): deliveries/s to 1 endpoint 694–827
 * instead of 610–619.
 */
const lookUp = batched(
  async (lookups: Lookup[]): Promise<(TokenPrincipal | null)[]> => {
    const publishes = new Map<string, number>();
    for (const { hash, publish } of lookups) publishes.set(hash, (publishes.get(hash) ?? 0) + (publish ? 1 : 0));
    const { rows } = await pool().query<CheckedToken>({
      name: "authenticate-tokens",
      text: LOOKUP_SQL,
      values: [JSON.stringify([...publishes].map(([hash, n]) => ({ hash, publishes: n }))), env.PUBLISH_RATE_PER_S, env.PUBLISH_BURST],
    });
    const found = new Map(rows.map((row) => [row.token_hash, row]));
    const taken = new Map<string, number>();
    return lookups.map(({ hash, publish }) => {
      const row = found.get(hash);
      if (!row) return null;
      // the batch's publishes with this token, in arrival order: the first `allowed` fit
      const turn = publish ? (taken.get(hash) ?? 0) : 0;
      if (publish) taken.set(hash, turn + 1);
      return {
        tokenId: row.id,
        organizationId: row.organization_id,
        scope: row.effective_scope,
        createdById: row.created_by_id,
        publishWait: publish && turn >= row.allowed ? Math.max(0, row.publish_wait) : 0,
        environment: row.environment,
      };
    });
  },
  { max: MAX_LOOKUPS, timeoutMs: LOOKUP_TIMEOUT_MS },
);

/** The token's organization and what it may do, or null when it is unknown or revoked. */
export async function authenticateToken(token: string, { publish = false } = {}): Promise<TokenPrincipal | null> {
  const hash = lookupHash(token);
  return hash ? lookUp({ hash, publish }) : null;
}
