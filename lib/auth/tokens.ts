// API tokens: random, shown once, stored as a SHA-256 hash (they carry 256 bits of entropy, so a
// slow hash buys nothing), listed by name + prefix, revocable. Every request looks its token up in
// the database (one indexed statement, which also notes when it was last used and, for a publish,
// takes from the token's publish budget): a revocation, a demotion or a member's removal takes
// effect at once in every process, and no process keeps token state of its own.
//
// A token's scope is chosen at creation: `publish` (only POST /api/v1/events: what an invoicing
// system should hold), `read` (every GET) or `admin` (everything). It never acts above its
// creator's current role: a creator demoted to viewer leaves their tokens read-only (a publish
// token then does nothing), and a creator who leaves the organization takes their tokens along.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { canChange } from "@/lib/auth/roles";
import { pool, prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { Invalid, NotFound } from "@/lib/errors";
import type { Role, TokenScope } from "@/lib/generated/prisma/enums";
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

export function effectiveScope(scope: TokenScope, creatorRole: Role | null, hasCreator: boolean): EffectiveScope {
  if (!hasCreator || (creatorRole && canChange(creatorRole))) return scope;
  return scope === "publish" ? "none" : "read";
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
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

// $2: is this a publish; $3: PUBLISH_RATE_PER_S; $4: PUBLISH_BURST.
// The publish budget is a GCRA in rate_limits: reset_at is when the token's bucket is full again; a
// publish moves it 1/rate later, and is let through while it stays within burst/rate of now.
const LOOKUP_SQL = `
WITH t AS (
  SELECT k.id, k.organization_id, k.last_used_at, k.scope, k.environment, k.created_by_id, m.role AS creator_role,
    coalesce(k.publish_rate_per_s, $3) AS rate
  FROM api_tokens k LEFT JOIN memberships m ON m.user_id = k.created_by_id AND m.organization_id = k.organization_id
  -- a creator who left the organization took the token along
  WHERE k.token_hash = $1 AND k.revoked_at IS NULL AND (k.created_by_id IS NULL OR m.role IS NOT NULL)
), touched AS (
  -- "last used" is news once a minute, not on every request
  UPDATE api_tokens SET last_used_at = now() FROM t
  WHERE api_tokens.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')
), spent AS (
  INSERT INTO rate_limits AS b (key, count, reset_at)
  SELECT 'publish:' || t.id, 1, now() + make_interval(secs => 1.0 / t.rate) FROM t WHERE $2 AND t.rate > 0
  ON CONFLICT (key) DO UPDATE SET reset_at = greatest(b.reset_at, now()) + (excluded.reset_at - now())
  WHERE greatest(b.reset_at, now()) + (excluded.reset_at - now()) <= now() + (excluded.reset_at - now()) * $4
  RETURNING 1
)
SELECT id, organization_id, scope, environment, created_by_id, creator_role,
  CASE WHEN NOT $2 OR rate = 0 OR EXISTS (SELECT 1 FROM spent) THEN 0
  ELSE extract(epoch FROM (SELECT reset_at FROM rate_limits WHERE key = 'publish:' || t.id) - now())::float8 - ($4 - 1)::float8 / rate END AS publish_wait
FROM t`;

interface LookupRow {
  id: string;
  organization_id: string;
  scope: TokenScope;
  environment: Environment | null;
  created_by_id: string | null;
  creator_role: Role | null;
  publish_wait: number;
}

/** The token's organization and what it may do, or null when it is unknown or revoked. */
export async function authenticateToken(token: string, { publish = false } = {}): Promise<TokenPrincipal | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const { rows } = await pool().query<LookupRow>({
    name: "authenticate-token",
    text: LOOKUP_SQL,
    values: [hashToken(token), publish, env.PUBLISH_RATE_PER_S, env.PUBLISH_BURST],
  });
  const row = rows[0];
  if (!row) return null;
  return {
    tokenId: row.id,
    organizationId: row.organization_id,
    scope: effectiveScope(row.scope, row.creator_role, row.created_by_id !== null),
    createdById: row.created_by_id,
    publishWait: Math.max(0, row.publish_wait),
    environment: row.environment,
  };
}
