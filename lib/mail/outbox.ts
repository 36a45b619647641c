// Messages to people go through an outbox: a row in `messages`, then a `send-message` job on the
// same graphile-worker queue as deliveries (retried up to 5 times, never blocking deliveries). With
// no SMTP_URL the product does not pretend: the message is stored as `unsent` and whoever needs its
// link gets it another way (an invitation's link is shown to the admin who made it; an admin can
// make a password-reset link for a member).
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type pg from "pg";
import { pool, prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/config";
import { render, type MessageKind, type MessageParams } from "@/lib/mail/templates";

export const NOT_CONFIGURED = "SMTP not configured (SMTP_URL)";

export interface QueuedMessage {
  id: string;
  status: "queued" | "unsent";
}

export async function queueMessage<K extends MessageKind>(message: {
  kind: K;
  to: string;
  locale: Locale;
  params: MessageParams[K];
  organizationId?: string | null;
  subjectKey?: string | null;
}): Promise<QueuedMessage> {
  const { subject, text, html } = render(message.kind, message.locale, message.params);
  const status = env.SMTP_URL ? "queued" : "unsent";
  const row = await prisma.message.create({
    data: {
      organizationId: message.organizationId ?? null,
      subjectKey: message.subjectKey ?? null,
      kind: message.kind,
      toAddress: message.to,
      subject,
      textBody: text,
      htmlBody: html,
      status,
      error: env.SMTP_URL ? null : NOT_CONFIGURED,
    },
    select: { id: true },
  });
  if (env.SMTP_URL) {
    await pool().query(`SELECT graphile_worker.add_job('send-message', json_build_object('message_id', $1::text), max_attempts => 5)`, [
      row.id,
    ]);
  }
  return { id: row.id, status };
}

let transport: { url: string; transporter: Transporter } | undefined;

function transporter(url: string): Transporter {
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  return transport.transporter;
}

/** The worker's `send-message` task: sends a queued message once; a failure is recorded and thrown (retried). */
export async function sendQueuedMessage(db: pg.Pool, messageId: string): Promise<void> {
  const { rows } = await db.query<{ to_address: string; subject: string; text_body: string; html_body: string }>(
    `SELECT to_address, subject, text_body, html_body FROM messages WHERE id = $1 AND status IN ('queued', 'failed')`,
    [messageId],
  );
  const message = rows[0];
  if (!message) return; // sent already, or gone
  if (!env.SMTP_URL) {
    await db.query(`UPDATE messages SET status = 'unsent', error = $2 WHERE id = $1`, [messageId, NOT_CONFIGURED]);
    return;
  }
  try {
    await transporter(env.SMTP_URL).sendMail({
      from: env.MAIL_FROM,
      to: message.to_address,
      subject: message.subject,
      text: message.text_body,
      html: message.html_body,
    });
  } catch (error) {
    await db.query(`UPDATE messages SET status = 'failed', error = $2 WHERE id = $1`, [messageId, (error as Error).message.slice(0, 500)]);
    throw error;
  }
  await db.query(`UPDATE messages SET status = 'sent', error = NULL, sent_at = now() WHERE id = $1`, [messageId]);
}
