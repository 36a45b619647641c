// Alerts to the people who can act, and to the receivers that asked: when an endpoint's failure
// streak crosses an ALERT_THRESHOLDS percentage of the auto-disable limit, when it is disabled, when
// it recovers (lib/alerts/notice.ts decides when), and when deliveries fail for good (an hourly
// digest: lib/alerts/exhausted.ts). Each alert goes to the organization's owners and admins by
// e-mail (in each one's language, unless they opted out of that kind), to its chat webhook if it has
// one, and as an operational event (`endpoint.failing`…) to the endpoints that subscribe to it —
// never to the endpoint the alert is about. E-mail and chat are debounced: at most one message per
// endpoint and kind an hour (per threshold for `endpoint_failing`).
import type { Environment } from "@/lib/webhooks/environments";
import "server-only";
import type pg from "pg";
import { appLink } from "@/lib/auth/links";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/config";
import { asLocale } from "@/lib/i18n/config";
import { queueMessage } from "@/lib/mail/outbox";
import { render, type MessageParams } from "@/lib/mail/templates";
import { queueChatMessage } from "@/lib/alerts/chat";
import { duration, errorInWords, type LastError } from "@/lib/alerts/words";
import type { AlertKind } from "@/lib/alerts/kinds";
import { pool } from "@/lib/db";
import { storeEvent } from "@/lib/webhooks/engine/publish-batcher";

export interface EndpointContext extends LastError {
  id: string;
  url: string;
  description: string;
  organization_id: string;
  organization: string;
  enabled: boolean;
  disabled_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
  consecutive_failures: number;
  paused: number;
  chat_webhook_ciphertext: string | null;
  environment: Environment;
}

const CONTEXT_SQL = `
SELECT e.id, e.url, e.description, e.organization_id, o.name AS organization, o.chat_webhook_ciphertext, e.enabled, e.environment,
  e.disabled_at, e.disabled_reason, e.failing_since, e.consecutive_failures, a.response_status, a.error_kind, a.error_message,
  (SELECT count(*)::int FROM deliveries d WHERE d.endpoint_id = e.id AND d.status = 'paused') AS paused
FROM endpoints e JOIN organizations o ON o.id = e.organization_id
LEFT JOIN LATERAL (
  SELECT response_status, error_kind, error_message FROM attempts
  WHERE endpoint_id = e.id AND trigger <> 'test' AND error_kind IS NOT NULL AND error_kind <> 'interrupted' ORDER BY started_at DESC LIMIT 1
) a ON true
WHERE e.id = $1 AND e.deleted_at IS NULL`;

export async function endpointContext(db: pg.Pool | pg.PoolClient, endpointId: string): Promise<EndpointContext | null> {
  const { rows } = await db.query<EndpointContext>(CONTEXT_SQL, [endpointId]);
  return rows[0] ?? null;
}

const RECIPIENTS_SQL = `
SELECT u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.organization_id = $1 AND m.role IN ('owner', 'admin') AND NOT ($2 = ANY (m.alert_opt_out))
ORDER BY u.email`;

const RECENT_SQL = `SELECT 1 FROM messages WHERE subject_key = $1 AND created_at > now() - interval '1 hour' LIMIT 1`;

export const endpointLabel = (e: Pick<EndpointContext, "description" | "url">) => (e.description ? `${e.description} (${e.url})` : e.url);

/**
 * E-mail to each owner and admin who wants this kind, in their language, and the chat webhook; none
 * of it when a message with this subject key went out within the hour. Returns how many e-mails.
 */
export async function sendAlert<K extends AlertKind>(
  db: pg.Pool | pg.PoolClient,
  kind: K,
  about: EndpointContext,
  subjectKey: string,
  params: (locale: Locale) => MessageParams[K],
): Promise<number> {
  return oneAtATime(subjectKey, () => sendAlertNow(db, kind, about, subjectKey, params));
}

/**
 * Two workers alerting about the same thing at once: one claims the subject (a row in rate_limits,
 * so no connection is held while it works — jobs holding pool connections while waiting on a lock
 * could starve each other of connections), the other skips it (the first sends, and the hourly
 * debounce would silence the second anyway). A claim left by a crashed worker expires in a minute.
 */
async function oneAtATime(subjectKey: string, fn: () => Promise<number>): Promise<number> {
  const key = `alert-sending:${subjectKey}`;
  const { rowCount } = await pool().query(CLAIM_SQL, [key]);
  if (!rowCount) return 0;
  try {
    return await fn();
  } finally {
    await pool()
      .query(`DELETE FROM rate_limits WHERE key = $1`, [key])
      .catch(() => undefined);
  }
}

const CLAIM_SQL = `
INSERT INTO rate_limits (key, count, reset_at) VALUES ($1, 1, now() + interval '1 minute')
ON CONFLICT (key) DO UPDATE SET count = 1, reset_at = excluded.reset_at WHERE rate_limits.reset_at <= now()
RETURNING 1`;

async function sendAlertNow<K extends AlertKind>(
  db: pg.Pool | pg.PoolClient,
  kind: K,
  about: EndpointContext,
  subjectKey: string,
  params: (locale: Locale) => MessageParams[K],
): Promise<number> {
  if ((await db.query(RECENT_SQL, [subjectKey])).rowCount) return 0;
  const { rows } = await db.query<{ email: string; locale: string }>(RECIPIENTS_SQL, [about.organization_id, kind]);
  for (const recipient of rows) {
    const locale = asLocale(recipient.locale);
    await queueMessage({ kind, to: recipient.email, locale, organizationId: about.organization_id, subjectKey, params: params(locale) });
  }
  if (about.chat_webhook_ciphertext) {
    const message = render(kind, "pt-BR", params("pt-BR"));
    await queueChatMessage(db, {
      organizationId: about.organization_id,
      kind,
      subjectKey,
      subject: message.subject,
      text: `${message.subject}\n\n${message.text}`,
    });
  }
  return rows.length;
}

/** The data every operational event carries about the endpoint. */
export function aboutEndpoint(e: EndpointContext) {
  return {
    endpoint: { id: e.id, url: e.url, description: e.description },
    last_error: e.error_kind
      ? { kind: e.error_kind, status: e.response_status, message: errorInWords(e, "pt-BR", env.WEBHOOK_TIMEOUT_MS) }
      : null,
  };
}

/** An operational event, published by the system to the endpoints that subscribe (never to `about`). */
export async function publishOperational(type: string, about: EndpointContext, data: Record<string, unknown>): Promise<void> {
  await storeEvent({
    organization_id: about.organization_id,
    type,
    data,
    idempotency_key: null,
    company_cnpj: null,
    access_key: null,
    series: null,
    number: null,
    about_endpoint_id: about.id,
    // the endpoints of the environment the endpoint in trouble belongs to are told
    environment: about.environment,
  });
}

const link = (e: EndpointContext, path = "") => appLink(`/account/webhooks/${e.id}${path}`);
const iso = (d: Date | null) => d?.toISOString() ?? null;
const failingFor = (e: EndpointContext, locale: Locale, until = new Date()) =>
  duration(until.getTime() - (e.failing_since ?? until).getTime(), locale);

/** When, at this pace, the endpoint will be disabled: at N failures or after the days, whichever first. */
function disablesIn(e: EndpointContext, locale: Locale): string {
  const deadline = (e.failing_since?.getTime() ?? Date.now()) + env.AUTO_DISABLE_AFTER_DAYS * 86_400_000;
  const within = duration(Math.max(0, deadline - Date.now()), locale);
  const count = env.AUTO_DISABLE_AFTER_FAILURES;
  if (!count) return locale === "pt-BR" ? `em ${within}` : `in ${within}`;
  return locale === "pt-BR"
    ? `ao chegar a ${count} falhas seguidas ou em ${within}, o que vier primeiro`
    : `at ${count} failures in a row or in ${within}, whichever comes first`;
}

export async function alertFailing(db: pg.Pool | pg.PoolClient, e: EndpointContext, percent: number): Promise<void> {
  await sendAlert(db, "endpoint_failing", e, `endpoint_failing:${e.id}:${percent}`, (locale) => ({
    endpoint: endpointLabel(e),
    organization: e.organization,
    percent,
    failures: e.consecutive_failures,
    failingFor: failingFor(e, locale),
    lastError: errorInWords(e, locale, env.WEBHOOK_TIMEOUT_MS),
    disablesIn: disablesIn(e, locale),
    link: link(e, "/deliveries"),
  }));
  await publishOperational("endpoint.failing", e, {
    ...aboutEndpoint(e),
    threshold_percent: percent,
    consecutive_failures: e.consecutive_failures,
    failing_since: iso(e.failing_since),
  });
}

export async function alertDisabled(db: pg.Pool | pg.PoolClient, e: EndpointContext): Promise<void> {
  await sendAlert(db, "endpoint_disabled", e, `endpoint_disabled:${e.id}`, (locale) => ({
    endpoint: endpointLabel(e),
    organization: e.organization,
    failingFor: failingFor(e, locale, e.disabled_at ?? new Date()),
    lastError: errorInWords(e, locale, env.WEBHOOK_TIMEOUT_MS),
    paused: e.paused,
    link: link(e),
  }));
  await publishOperational("endpoint.disabled", e, {
    ...aboutEndpoint(e),
    reason: e.disabled_reason,
    disabled_at: iso(e.disabled_at),
    failing_since: iso(e.failing_since),
    paused_deliveries: e.paused,
  });
}

export async function alertRecovered(db: pg.Pool | pg.PoolClient, e: EndpointContext): Promise<void> {
  await sendAlert(db, "endpoint_recovered", e, `endpoint_recovered:${e.id}`, () => ({
    endpoint: endpointLabel(e),
    organization: e.organization,
    link: link(e),
  }));
  await publishOperational("endpoint.recovered", e, { endpoint: aboutEndpoint(e).endpoint, recovered_at: new Date().toISOString() });
}
