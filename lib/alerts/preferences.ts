// What each member wants to hear, and what was said: a member's e-mail opt-outs per alert kind and
// language, and the organization's list of messages (e-mail and chat) with whether each went out.
import "server-only";
import { z } from "zod";
import { pool, prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { locales } from "@/lib/i18n/config";
import { issue } from "@/lib/validation";
import { ALERT_KINDS, type AlertKind } from "@/lib/alerts/kinds";
import { keyset, keysetPage } from "@/lib/webhooks/log/cursor";

export interface NotificationPreferences {
  locale: string;
  /** the alert kinds this member gets by e-mail (owners and admins only get alerts) */
  email: Record<AlertKind, boolean>;
}

export const preferencesSchema = z.strictObject({
  locale: z.enum(locales, { error: issue("invalid") }).optional(),
  email: z.partialRecord(z.enum(ALERT_KINDS, { error: issue("invalid") }), z.boolean({ error: issue("invalid") })).optional(),
});

export async function getPreferences(userId: string, organizationId: string): Promise<NotificationPreferences> {
  const membership = await prisma.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: { alertOptOut: true, user: { select: { locale: true } } },
  });
  if (!membership) throw new NotFound("member not found");
  return {
    locale: membership.user.locale,
    email: Object.fromEntries(ALERT_KINDS.map((kind) => [kind, !membership.alertOptOut.includes(kind)])) as Record<AlertKind, boolean>,
  };
}

export async function setPreferences(
  userId: string,
  organizationId: string,
  input: z.output<typeof preferencesSchema>,
): Promise<NotificationPreferences> {
  const current = await getPreferences(userId, organizationId);
  const email = { ...current.email, ...input.email };
  await prisma.$transaction([
    prisma.membership.update({
      where: { userId_organizationId: { userId, organizationId } },
      data: { alertOptOut: ALERT_KINDS.filter((kind) => !email[kind]) },
    }),
    ...(input.locale ? [prisma.user.update({ where: { id: userId }, data: { locale: input.locale } })] : []),
  ]);
  return getPreferences(userId, organizationId);
}

export const notificationsQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export interface NotificationRow {
  id: string;
  kind: string;
  channel: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** The organization's messages, newest first: alerts and invitations, e-mail and chat. */
export async function listNotifications(organizationId: string, query: z.output<typeof notificationsQuerySchema>) {
  const values: unknown[] = [organizationId];
  const param = (value: unknown) => `$${values.push(value)}`;
  const { after, orderAndLimit } = keyset("m", query.cursor, query.limit, param);
  const { rows } = await pool().query<NotificationRow>(
    `SELECT m.id, m.kind, m.channel, m.to_address AS to, m.subject, m.text_body AS text, m.status, m.error, m.created_at, m.sent_at
     FROM messages m WHERE m.organization_id = $1 ${after ? `AND ${after}` : ""} ${orderAndLimit}`,
    values,
  );
  const { page, next_cursor } = keysetPage(rows, query.limit);
  return {
    notifications: page.map((row) => ({ ...row, created_at: row.created_at.toISOString(), sent_at: row.sent_at?.toISOString() ?? null })),
    next_cursor,
  };
}
