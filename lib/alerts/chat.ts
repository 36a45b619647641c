// The organization's chat webhook: an incoming-webhook URL (Slack, Microsoft Teams, Google Chat, or
// anything that takes `{"text": "…"}`) that gets the same alerts as e-mail. The URL is a credential:
// it is checked against the URL policy when saved and again at connect time, stored encrypted, and
// shown only by its host. Each message is a row in `messages` (channel "chat") and a `send-chat` job
// on the worker queue, like e-mail.
import "server-only";
import type pg from "pg";
import { decrypt, encrypt } from "@/lib/crypto/secret-box";
import { pool, prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { NotFound } from "@/lib/errors";
import { assertUrlAllowed } from "@/lib/webhooks/endpoints/store";
import { CONTENT_TYPE, deliver } from "@/lib/webhooks/outbound/deliver";

export interface ChatWebhook {
  /** the host the alerts go to (the rest of the URL is a secret) */
  host: string | null;
}

const hostOf = (url: string) => new URL(url).host;

export async function getChatWebhook(organizationId: string): Promise<ChatWebhook> {
  const org = await prisma.organization.findUnique({ where: { id: organizationId }, select: { chatWebhookCiphertext: true } });
  if (!org) throw new NotFound("organization not found");
  return { host: org.chatWebhookCiphertext ? hostOf(decrypt(org.chatWebhookCiphertext)) : null };
}

/** Saves (after the URL policy) or, with null, removes the chat webhook. */
export async function setChatWebhook(organizationId: string, url: string | null): Promise<ChatWebhook> {
  if (url) await assertUrlAllowed(url, "url");
  await prisma.organization.update({
    where: { id: organizationId },
    data: { chatWebhookCiphertext: url ? encrypt(url) : null },
  });
  return { host: url ? hostOf(url) : null };
}

export async function queueChatMessage(
  db: pg.Pool | pg.PoolClient,
  message: { organizationId: string; kind: string; subjectKey: string | null; subject: string; text: string },
): Promise<string | null> {
  const org = await db.query<{ chat_webhook_ciphertext: string | null }>(
    `SELECT chat_webhook_ciphertext FROM organizations WHERE id = $1`,
    [message.organizationId],
  );
  const sealed = org.rows[0]?.chat_webhook_ciphertext;
  if (!sealed) return null;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO messages (organization_id, channel, kind, to_address, subject, text_body, html_body, status, subject_key)
     VALUES ($1, 'chat', $2, $3, $4, $5, '', 'queued', $6) RETURNING id`,
    [message.organizationId, message.kind, hostOf(decrypt(sealed)), message.subject, message.text, message.subjectKey],
  );
  const id = rows[0]?.id;
  if (!id) return null;
  await db.query(`SELECT graphile_worker.add_job('send-chat', json_build_object('message_id', $1::text), max_attempts => 5)`, [id]);
  return id;
}

/** A test message to the chat webhook now (the settings page's "Enviar teste"). */
export async function sendChatTest(organizationId: string, locale: "pt-BR" | "en"): Promise<{ id: string | null }> {
  const text =
    locale === "pt-BR"
      ? "Teste do NF-e Webhooks: os alertas desta conta chegarão aqui."
      : "NF-e Webhooks test: this account's alerts will arrive here.";
  return { id: await queueChatMessage(pool(), { organizationId, kind: "chat_test", subjectKey: null, subject: text, text }) };
}

/** The chat body: `text` is what Slack, Teams (incoming webhook) and Google Chat all show. */
export const chatBody = (text: string) => JSON.stringify({ text });

/** The worker's `send-chat` task: once; a failure is recorded and thrown (retried by the queue). */
export async function sendChatMessage(db: pg.Pool, messageId: string): Promise<void> {
  const { rows } = await db.query<{ text_body: string; chat_webhook_ciphertext: string | null }>(
    `SELECT m.text_body, o.chat_webhook_ciphertext FROM messages m JOIN organizations o ON o.id = m.organization_id
     WHERE m.id = $1 AND m.channel = 'chat' AND m.status IN ('queued', 'failed')`,
    [messageId],
  );
  const message = rows[0];
  if (!message) return;
  if (!message.chat_webhook_ciphertext) {
    await db.query(`UPDATE messages SET status = 'unsent', error = 'chat webhook removed' WHERE id = $1`, [messageId]);
    return;
  }
  const url = decrypt(message.chat_webhook_ciphertext);
  const result = await deliver({
    url,
    body: chatBody(message.text_body),
    headers: { "content-type": CONTENT_TYPE },
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    allowPrivate: env.ALLOW_PRIVATE_WEBHOOK_URLS,
  });
  if (!result.ok) {
    const error = result.statusCode ? `HTTP ${result.statusCode}` : `${result.errorKind}: ${result.errorMessage ?? ""}`;
    await db.query(`UPDATE messages SET status = 'failed', error = $2 WHERE id = $1`, [messageId, error.slice(0, 500)]);
    throw new Error(`chat webhook answered ${error}`);
  }
  await db.query(`UPDATE messages SET status = 'sent', error = NULL, sent_at = now() WHERE id = $1`, [messageId]);
}
