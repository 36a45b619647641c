// The feed of an endpoint: its messages in publication order, for receivers without a public URL
// (a polling endpoint: ERPs behind NAT, `nfe-webhooks listen`) and, for a push endpoint, what it was
// sent (reconciliation). Each message is the exact body a push delivery has, with the Standard
// Webhooks headers signed with the endpoint's secret at read time, so a consumer verifies it like a
// push. A polling feed is ordered by (transaction id, position) and read only below the oldest
// transaction still running: a message can never appear behind a cursor already read, whatever the
// order publishers commit in. Progress is kept server-side: an acknowledged cursor marks everything
// up to it delivered ("consultado"), and a read without `after` continues from there.
import "server-only";
import { z } from "zod";
import { pool } from "@/lib/db";
import { BadRequest, Conflict, Invalid } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { fieldIssue } from "@/lib/validation";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { secretsOf } from "@/lib/webhooks/endpoints/secrets";
import { DATA_SQL, envelopeFromJson, messageId } from "@/lib/webhooks/outbound/envelope";
import { webhookHeaders } from "@/lib/webhooks/outbound/signing";
import { feedChange } from "@/lib/webhooks/feed/listener";

export const MAX_WAIT_SECONDS = 60;

export const feedQuerySchema = z.object({
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  wait: z.coerce.number().min(0).max(MAX_WAIT_SECONDS).default(0),
});
export type FeedQuery = z.infer<typeof feedQuerySchema>;

export const ackSchema = z.object({ cursor: z.string().min(1).max(200) });

interface Position {
  txid: string;
  position: string;
}

const encode = (p: Position) => Buffer.from(`${p.txid}.${p.position}`).toString("base64url");

const BIGINT_MAX = 2n ** 63n - 1n;
const fitsBigint = (digits: string) => BigInt(digits) <= BIGINT_MAX;

// a position the database cannot hold is no position of any feed: an invalid cursor like any other
function decode(cursor: string): Position | null {
  const match = /^(\d{1,19})\.(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match && fitsBigint(match[1]!) && fitsBigint(match[2]!) ? { txid: match[1]!, position: match[2]! } : null;
}

const START: Position = { txid: "0", position: "0" };

interface Row {
  txid: string;
  position: string;
  delivery_id: string;
  event_type: string;
  created_at: Date;
  data: string;
  status: string;
}

const POLLING_SQL = `
SELECT f.txid::text, f.position::text, d.id AS delivery_id, d.event_type, ev.created_at, ${DATA_SQL} AS data, d.status
FROM feed_messages f JOIN deliveries d ON d.id = f.delivery_id JOIN events ev ON ev.id = d.event_id
WHERE f.endpoint_id = $1 AND (f.txid, f.position) > ($2::bigint, $3::bigint)
  AND f.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
ORDER BY f.txid, f.position LIMIT $4`;

// a push endpoint's feed: its deliveries in the order they were made (uuidv7 ids are time-ordered)
const PUSH_SQL = `
SELECT '0' AS txid, '0' AS position, d.id AS delivery_id, d.event_type, ev.created_at, ${DATA_SQL} AS data, d.status
FROM deliveries d JOIN events ev ON ev.id = d.event_id
WHERE d.endpoint_id = $1 AND ($2::uuid IS NULL OR d.id > $2::uuid)
ORDER BY d.id LIMIT $3`;

type Endpoint = Awaited<ReturnType<typeof getEndpoint>>;

function message(secrets: string[], row: Row, cursor: string) {
  const body = envelopeFromJson(row.event_type, row.created_at, row.data);
  const msgId = messageId(row.delivery_id);
  const headers = webhookHeaders({ msgId, timestampSeconds: Math.floor(Date.now() / 1000), body, secrets });
  return {
    cursor,
    webhook_id: msgId,
    type: row.event_type,
    timestamp: row.created_at.toISOString(),
    body,
    webhook_signature: headers["webhook-signature"],
    headers,
    status: row.status,
  };
}

async function readPolling(endpoint: Endpoint, from: Position, limit: number): Promise<Row[]> {
  const { rows } = await pool().query<Row>({
    name: "feed-read",
    text: POLLING_SQL,
    values: [endpoint.id, from.txid, from.position, limit],
  });
  return rows;
}

/** GET /api/v1/webhooks/:id/feed */
export async function readFeed(organizationId: string, id: string | undefined, query: FeedQuery) {
  const endpoint = await getEndpoint(organizationId, id);
  if (endpoint.kind !== "polling") return readPushFeed(endpoint, query);
  const acked: Position | null =
    endpoint.feedAckTxid !== null ? { txid: String(endpoint.feedAckTxid), position: String(endpoint.feedAckPosition) } : null;
  let from = acked ?? START;
  if (query.after) {
    const given = decode(query.after);
    if (!given) throw new BadRequest("cursor.invalid", "invalid cursor");
    from = given;
  }
  const deadline = Date.now() + query.wait * 1000;
  let rows = await readPolling(endpoint, from, query.limit);
  // long poll: wait for a publish to this feed (NOTIFY), read again; after a wake that finds nothing
  // (an older transaction still running holds the horizon back) look again shortly
  let woke = false;
  while (!rows.length && Date.now() < deadline) {
    const change = feedChange(endpoint.id, woke ? Math.min(50, deadline - Date.now()) : deadline - Date.now());
    await change.ready.catch(() => undefined);
    rows = await readPolling(endpoint, from, query.limit);
    if (rows.length) {
      change.cancel();
      break;
    }
    await change.changed;
    woke = true;
    rows = await readPolling(endpoint, from, query.limit);
  }
  const secrets = rows.length ? await secretsOf(endpoint.id) : [];
  const messages = rows.map((row) => message(secrets, row, encode(row)));
  return {
    messages,
    next_cursor: messages.length ? messages[messages.length - 1]!.cursor : encode(from),
    acked_cursor: acked && encode(acked),
  };
}

async function readPushFeed(endpoint: Endpoint, query: FeedQuery) {
  let after: string | null = null;
  if (query.after) {
    after = Buffer.from(query.after, "base64url").toString("utf8");
    if (!isUuid(after)) throw new BadRequest("cursor.invalid", "invalid cursor");
  }
  const { rows } = await pool().query<Row>(PUSH_SQL, [endpoint.id, after, query.limit]);
  const secrets = rows.length ? await secretsOf(endpoint.id) : [];
  const messages = rows.map((row) => message(secrets, row, Buffer.from(row.delivery_id).toString("base64url")));
  return { messages, next_cursor: messages.length ? messages[messages.length - 1]!.cursor : (query.after ?? null), acked_cursor: null };
}

// the cursor must be a position a read hands out: a message of this feed, its start (an empty
// feed's) or the position acknowledged (a caught-up feed's, whose message retention may have
// removed). Progress only moves forward: one update keeps the later of the acknowledged position and
// the cursor and returns it, so the answer is the position kept even beside a concurrent ack. What
// the cursor covers becomes delivered, as of now.
const ACK_SQL = `
WITH known AS (
  SELECT 1 FROM feed_messages WHERE endpoint_id = $1 AND txid = $2::bigint AND position = $3::bigint
  UNION ALL SELECT 1 WHERE ($2::bigint, $3::bigint) = (0, 0)
  UNION ALL SELECT 1 FROM endpoints WHERE id = $1 AND (feed_ack_txid, feed_ack_position) = ($2::bigint, $3::bigint)
), kept AS (
  UPDATE endpoints SET (feed_ack_txid, feed_ack_position) = (
    SELECT txid, position FROM (VALUES (feed_ack_txid, feed_ack_position), ($2::bigint, $3::bigint)) AS p (txid, position)
    ORDER BY txid DESC NULLS LAST, position DESC LIMIT 1)
  WHERE id = $1 AND EXISTS (SELECT 1 FROM known)
  RETURNING feed_ack_txid::text AS txid, feed_ack_position::text AS position
), read AS (
  UPDATE feed_messages SET acked_at = now()
  WHERE endpoint_id = $1 AND (txid, position) <= ($2::bigint, $3::bigint) AND acked_at IS NULL AND EXISTS (SELECT 1 FROM known)
  RETURNING delivery_id
), delivered AS (
  UPDATE deliveries d SET status = 'succeeded', updated_at = now()
  FROM read WHERE d.id = read.delivery_id AND d.status IN ('pending', 'retrying', 'paused')
  RETURNING d.id
)
SELECT EXISTS (SELECT 1 FROM known) AS known, (SELECT count(*) FROM delivered)::int AS delivered,
  (SELECT txid FROM kept) AS txid, (SELECT position FROM kept) AS position`;

interface Acked extends Position {
  known: boolean;
  delivered: number;
}

/** POST /api/v1/webhooks/:id/feed/ack */
export async function ackFeed(organizationId: string, id: string | undefined, cursor: string) {
  const endpoint = await getEndpoint(organizationId, id);
  if (endpoint.kind !== "polling")
    throw new Conflict("only a polling webhook's feed is acknowledged (a push webhook's deliveries are acknowledged by its 2xx)");
  const position = decode(cursor);
  const unknown = () => new Invalid({ cursor: [fieldIssue("feed.cursor_unknown")] });
  if (!position) throw unknown();
  const { rows } = await pool().query<Acked>(ACK_SQL, [endpoint.id, position.txid, position.position]);
  const acked = rows[0]!;
  if (!acked.known) throw unknown();
  return { acked_cursor: encode(acked), delivered: acked.delivered };
}
