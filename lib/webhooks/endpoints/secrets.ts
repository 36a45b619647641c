// An endpoint's signing secrets: generated here, encrypted at rest, revealed to admins, rotated with
// a 24 h overlap during which both the new and the previous secret sign every request.
import { prisma } from "@/lib/db";
import { decrypt, encrypt } from "@/lib/crypto/secret-box";
import { generateSecret } from "@/lib/webhooks/outbound/signing";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";

export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

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

export async function rotateSecret(organizationId: string, id: string | undefined, now = new Date()) {
  const endpoint = await getEndpoint(organizationId, id);
  const row = await secretColumns(endpoint.id);
  const secret = generateSecret();
  const expiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  await prisma.endpoint.update({
    where: { id: endpoint.id },
    data: { secretCiphertext: encrypt(secret), previousSecretCiphertext: row.secretCiphertext, previousSecretExpiresAt: expiresAt },
  });
  return { secret, previous_secret_expires_at: expiresAt.toISOString() };
}
