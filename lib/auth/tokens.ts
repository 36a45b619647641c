// API tokens: random, shown once, stored as a SHA-256 hash (they carry 256 bits of entropy, so a
// slow hash buys nothing), listed by name + prefix, revocable. Verified lookups are cached briefly
// because publishing calls this on every request.
import { createHash, randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { processShared } from "@/lib/runtime/process-shared";

const PREFIX = "nfe_";
const CACHE_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;

export interface TokenPrincipal {
  tokenId: string;
  organizationId: string;
}

interface CacheEntry {
  principal: TokenPrincipal | null;
  expiresAt: number;
}

const cache = processShared("token-cache", () => new Map<string, CacheEntry>());
const lastUsedWritten = processShared("token-last-used", () => new Map<string, number>());

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
  cache.clear();
}

/** The organization a presented token belongs to, or null when it is unknown or revoked. */
export async function authenticateToken(token: string, now = Date.now()): Promise<TokenPrincipal | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const hash = hashToken(token);
  const cached = cache.get(hash);
  if (cached && cached.expiresAt > now) return cached.principal;
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hash }, select: { id: true, organizationId: true, revokedAt: true } });
  const principal = row && !row.revokedAt ? { tokenId: row.id, organizationId: row.organizationId } : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { principal, expiresAt: now + CACHE_MS });
  if (principal) touch(principal.tokenId, now);
  return principal;
}

function touch(tokenId: string, now: number): void {
  if ((lastUsedWritten.get(tokenId) ?? 0) > now - LAST_USED_EVERY_MS) return;
  lastUsedWritten.set(tokenId, now);
  void prisma.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
}

/** For tests: forget cached lookups. */
export function clearTokenCache(): void {
  cache.clear();
  lastUsedWritten.clear();
}
