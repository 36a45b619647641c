// An endpoint's signing secrets: generated here, encrypted at rest, revealed to admins, rotated with
// an overlap (24 h unless chosen: none, or 7 days) during which both the new and the previous secret
// sign every request.
import { prisma } from "@/lib/db";
import { decrypt, encrypt } from "@/lib/crypto/secret-box";
import { generateSecret } from "@/lib/webhooks/outbound/signing";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import type { SecretOverlap } from "@/lib/webhooks/endpoints/schemas";

const HOUR_MS = 3600 * 1000;
const OVERLAP_MS: Record<Exclude<SecretOverlap, "now">, number> = { "24h": 24 * HOUR_MS, "7d": 7 * 24 * HOUR_MS };

export interface SecretColumns {
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The previous secret while its overlap lasts, else null (ciphertext). */
function previousCiphertext(row: SecretColumns, now: Date): string | null {
  return row.previousSecretCiphertext && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now
    ? row.previousSecretCiphertext
    : null;
}

/** The secrets that sign a request now: the current one first, then the previous one during its overlap. */
export function activeSecrets(row: SecretColumns, now = new Date()): string[] {
  const previous = previousCiphertext(row, now);
  return previous ? [decrypt(row.secretCiphertext), decrypt(previous)] : [decrypt(row.secretCiphertext)];
}

function secretColumns(id: string): Promise<SecretColumns> {
  return prisma.endpoint.findUniqueOrThrow({
    where: { id },
    select: { secretCiphertext: true, previousSecretCiphertext: true, previousSecretExpiresAt: true },
  });
}

export async function secretsOf(id: string, now = new Date()): Promise<string[]> {
  return activeSecrets(await secretColumns(id), now);
}

export async function revealSecret(organizationId: string, id: string | undefined, now = new Date()) {
  const endpoint = await getEndpoint(organizationId, id);
  const row = await secretColumns(endpoint.id);
  const [secret, previous] = activeSecrets(row, now);
  return {
    secret: secret!,
    previous_secret: previous ?? null,
    previous_secret_expires_at: previous ? row.previousSecretExpiresAt!.toISOString() : null,
  };
}

/** A new secret; the current one keeps signing for `overlap` ("now": it stops at once, and is not kept). */
export async function rotateSecret(organizationId: string, id: string | undefined, overlap: SecretOverlap = "24h", now = new Date()) {
  const endpoint = await getEndpoint(organizationId, id);
  const row = await secretColumns(endpoint.id);
  const secret = generateSecret();
  const expiresAt = overlap === "now" ? null : new Date(now.getTime() + OVERLAP_MS[overlap]);
  await prisma.endpoint.update({
    where: { id: endpoint.id },
    data: {
      secretCiphertext: encrypt(secret),
      previousSecretCiphertext: expiresAt ? row.secretCiphertext : null,
      previousSecretExpiresAt: expiresAt,
    },
  });
  return { secret, previous_secret_expires_at: expiresAt?.toISOString() ?? null };
}
