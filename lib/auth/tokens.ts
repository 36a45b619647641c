// API tokens: random, shown once, stored as a SHA-256 hash (they carry 256 bits of entropy, so a
// slow hash buys nothing), listed by name + prefix, revocable. Every request looks its token up in
// the database (one indexed statement, which also notes when it was last used): a revocation takes
// effect at once in every process, and no process keeps token state of its own.
import { createHash, randomBytes } from "node:crypto";
import { pool, prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";

const PREFIX = "nfe_";

export interface TokenPrincipal {
  tokenId: string;
  organizationId: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken(organizationId: string, name: string, createdById?: string) {
  const token = PREFIX + randomBytes(32).toString("base64url");
  const record = await prisma.apiToken.create({
    data: { organizationId, name, createdById, prefix: token.slice(0, 12), tokenHash: hashToken(token) },
  });
  return { token, record };
}

export function listApiTokens(organizationId: string) {
  return prisma.apiToken.findMany({
    where: { organizationId, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, lastUsedAt: true, createdAt: true },
  });
}

export async function revokeApiToken(organizationId: string, id: string): Promise<void> {
  const { count } = await prisma.apiToken.updateMany({ where: { id, organizationId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new NotFound("token not found");
}

const LOOKUP_SQL = `
WITH t AS (
  SELECT id, organization_id, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL
), touched AS (
  -- "last used" is news once a minute, not on every request
  UPDATE api_tokens SET last_used_at = now() FROM t
  WHERE api_tokens.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')
)
SELECT id, organization_id FROM t`;

/** The organization a presented token belongs to, or null when it is unknown or revoked. */
export async function authenticateToken(token: string): Promise<TokenPrincipal | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const { rows } = await pool().query<{ id: string; organization_id: string }>({
    name: "authenticate-token",
    text: LOOKUP_SQL,
    values: [hashToken(token)],
  });
  const row = rows[0];
  return row ? { tokenId: row.id, organizationId: row.organization_id } : null;
}
