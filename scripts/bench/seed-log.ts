// `node --import ./scripts/server-only.mjs --import tsx scripts/bench/seed-log.ts --attempts 1000000 --database-url postgres://…`: one organization
// with four webhooks and a delivery log of about N attempts over the last 30 days (events with distinct
// access keys and numbers across 200 companies, 2 deliveries per event, 0–3 attempts each, mixed
// outcomes), written set-based with generate_series in chunks on two connections, then ANALYZE. Ids
// hold their time, so each week lands in its partition of the log.
// ~70 s for 1,000,000 attempts on 2 cores.
// Measuring it: scripts/bench/log-perf.ts. Re-running replaces the previous seed organization.
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { cnpjCheckDigits } from "@/lib/cnpj";
import { encrypt } from "@/lib/crypto/secret-box";
import { getEventType } from "@/lib/webhooks/catalog";
import { LOG_SEED_ORGANIZATION } from "./log-perf";
import { generateSecret } from "@/lib/webhooks/outbound/signing";

const COMPANIES = 200;
const DAYS = 30;
const CHUNKS = 16;
const CONNECTIONS = 2;
/** 2 deliveries per event; pending ones (2 %) have no attempt, the others 1–3 (mean 2). */
const ATTEMPTS_PER_EVENT = 2 * 0.98 * 2;

const ENDPOINTS = [
  ["https://erp.example.com/webhooks/nfe", "ERP principal (todos os eventos)"],
  ["https://financeiro.example.com/hooks", "Financeiro"],
  ["https://fiscal.example.com/hooks", "Fiscal"],
  ["https://logistica.example.com/hooks", "Logística"],
] as const;

// One chunk of events [$4, $5) of $7, oldest first: each goes to endpoint 1 and one of endpoints 2–4.
// The hashes h1..h3 make the choices look random while every run produces the same log.
const CHUNK_SQL = `
WITH src AS (
  SELECT i, h1, hashint4(h1) & 2147483647 AS h2, hashint4(hashint4(h1)) & 2147483647 AS h3,
    now() - make_interval(secs => $6::float8 * 86400 * ($7::int - i - 0.5) / $7::int) AS at
  FROM generate_series($4::int, $5::int - 1) AS i, LATERAL (SELECT hashint4(i) & 2147483647 AS h1) h
), typed AS (
  SELECT src.*, ($2::text[])[1 + h1 % array_length($2::text[], 1)] AS cnpj,
    CASE WHEN h2 % 100 < 60 THEN 'nfe.authorized' WHEN h2 % 100 < 70 THEN 'nfe.cancelled' WHEN h2 % 100 < 78 THEN 'nfe.rejected'
         WHEN h2 % 100 < 90 THEN 'nfce.authorized' WHEN h2 % 100 < 95 THEN 'nfe.correction_letter' ELSE 'nfse.authorized' END AS type
  FROM src
), ev AS (
  INSERT INTO events (id, organization_id, type, data, company_cnpj, access_key, series, number, created_at)
  SELECT uuid_v7_at(at), $1, type, ($3::jsonb - 'access_key') || jsonb_strip_nulls(jsonb_build_object('company_cnpj', cnpj, 'access_key', key, 'number', (i + 1)::text, 'series', '1')),
    cnpj, key, CASE WHEN key IS NULL THEN NULL ELSE '1' END, (i + 1)::text, at
  FROM typed, LATERAL (SELECT CASE WHEN type LIKE 'nfse.%' THEN NULL ELSE
    '35' || to_char(at AT TIME ZONE 'UTC', 'YYMM') || cnpj || CASE WHEN type LIKE 'nfce.%' THEN '65' ELSE '55' END || '001'
    || lpad((i + 1)::text, 9, '0') || '1' || lpad((h3 % 100000000)::text, 8, '0') || (i % 10)::text END AS key) k
  RETURNING id, type, company_cnpj, number, created_at
), d AS (
  INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, company_cnpj, status, attempt_count, next_attempt_at,
    last_status_code, last_error, last_duration_ms, created_at, updated_at)
  SELECT uuid_v7_like(ev.id), $1, ev.id, ($8::uuid[])[e.k], ev.type, ev.company_cnpj, s.status::"DeliveryStatus",
    CASE WHEN s.status = 'pending' THEN 0 ELSE 1 + h % 3 END,
    CASE s.status WHEN 'pending' THEN ev.created_at WHEN 'retrying' THEN ev.created_at + interval '5 minutes' END,
    CASE s.status WHEN 'succeeded' THEN 200 WHEN 'pending' THEN NULL ELSE CASE WHEN h % 7 = 0 THEN NULL ELSE 500 + h % 4 END END,
    CASE WHEN s.status IN ('succeeded', 'pending') THEN NULL WHEN h % 7 = 0 THEN 'timeout' ELSE 'HTTP ' || (500 + h % 4) END,
    CASE WHEN s.status = 'pending' THEN NULL ELSE 20 + h % 480 END,
    ev.created_at, ev.created_at + (h % 3) * interval '5 minutes'
  FROM ev, LATERAL (VALUES (1), (2 + ev.number::int % 3)) AS e(k),
    LATERAL (SELECT hashint4(ev.number::int * 4 + e.k) & 2147483647 AS h) hh,
    LATERAL (SELECT CASE WHEN h % 100 < 80 THEN 'succeeded' WHEN h % 100 < 90 THEN 'failed' WHEN h % 100 < 95 THEN 'retrying'
      WHEN h % 100 < 97 THEN 'pending' ELSE 'cancelled' END AS status) s
  RETURNING id, endpoint_id, attempt_count, last_status_code, last_duration_ms, created_at
)
INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers, response_status,
  response_headers, response_body, error_kind, error_message)
SELECT d.id, d.endpoint_id, n, CASE WHEN n = d.attempt_count AND h % 50 = 0 THEN 'manual' ELSE 'auto' END::"AttemptTrigger",
  d.created_at + (n - 1) * interval '5 minutes', CASE WHEN n = d.attempt_count THEN d.last_duration_ms ELSE 30 + h % 2000 END,
  jsonb_build_object('content-type', 'application/json; charset=utf-8', 'user-agent', 'NFe-Webhooks/1.0',
    'webhook-id', 'msg_' || replace(d.id::text, '-', ''), 'webhook-timestamp', extract(epoch FROM d.created_at)::bigint::text),
  st, CASE WHEN st IS NULL THEN NULL ELSE '{"content-type": "text/plain"}'::jsonb END,
  CASE WHEN st IS NULL THEN NULL WHEN st = 200 THEN 'ok' ELSE 'erro interno' END,
  CASE WHEN st IS NULL THEN 'timeout' WHEN st <> 200 THEN 'http' END,
  CASE WHEN st IS NULL THEN 'no answer within 15000 ms' WHEN st <> 200 THEN 'HTTP ' || st END
FROM d, generate_series(1, d.attempt_count) AS n,
  LATERAL (SELECT hashint4(n) # hashint4(d.attempt_count + d.last_duration_ms) & 2147483647 AS h) hh,
  LATERAL (SELECT CASE WHEN n = d.attempt_count THEN d.last_status_code WHEN h % 5 = 0 THEN NULL ELSE 500 + h % 4 END AS st) s`;

function companyCnpjs(): string[] {
  return Array.from({ length: COMPANIES }, (_, c) => {
    const base = `${String(10_000_000 + c * 7_919).padStart(8, "0")}${String(1 + (c % 3)).padStart(4, "0")}`;
    return base + cnpjCheckDigits(base);
  });
}

async function createOrganization(db: pg.Client, encryptionKey: Buffer): Promise<{ organizationId: string; endpointIds: string[] }> {
  // the log's tables have no foreign keys to each other (partitioned by week): the previous seed's go first
  const previous = `SELECT id FROM organizations WHERE name = $1`;
  await db.query(`DELETE FROM attempts WHERE endpoint_id IN (SELECT id FROM endpoints WHERE organization_id IN (${previous}))`, [
    LOG_SEED_ORGANIZATION,
  ]);
  await db.query(`DELETE FROM deliveries WHERE organization_id IN (${previous})`, [LOG_SEED_ORGANIZATION]);
  await db.query(`DELETE FROM organizations WHERE name = $1`, [LOG_SEED_ORGANIZATION]);
  const { rows } = await db.query<{ id: string }>(`INSERT INTO organizations (name) VALUES ($1) RETURNING id`, [LOG_SEED_ORGANIZATION]);
  const organizationId = rows[0]!.id;
  const endpointIds: string[] = [];
  for (const [i, [url, description]] of ENDPOINTS.entries()) {
    const created = await db.query<{ id: string }>(
      `INSERT INTO endpoints (organization_id, url, description, secret_ciphertext, created_at) VALUES ($1, $2, $3, $4, now() - interval '31 days' + $5 * interval '1 minute') RETURNING id`,
      [organizationId, url, description, encrypt(generateSecret(), encryptionKey), i],
    );
    endpointIds.push(created.rows[0]!.id);
  }
  return { organizationId, endpointIds };
}

export interface SeedResult {
  organizationId: string;
  endpointIds: string[];
  events: number;
  deliveries: number;
  attempts: number;
  seconds: number;
}

/** Seeds the log organization with about `attempts` attempts; replaces a previous seed. */
export async function seedLog(databaseUrl: string, { attempts = 1_000_000 }: { attempts?: number } = {}): Promise<SeedResult> {
  const started = performance.now();
  const events = Math.max(1, Math.round(attempts / ATTEMPTS_PER_EVENT));
  const encryptionKey = process.env.ENCRYPTION_KEY ? Buffer.from(process.env.ENCRYPTION_KEY, "base64") : randomBytes(32);
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl, options: "-c synchronous_commit=off -c work_mem=64MB" });
      await client.connect();
      return client;
    }),
  );
  try {
    const { organizationId, endpointIds } = await createOrganization(clients[0]!, encryptionKey);
    // each week of the history in its partition (the worker makes only this week's and the next)
    await clients[0]!.query(`SELECT create_log_partitions(current_date - $1::int, $1::int + 8)`, [DAYS + 1]);
    // the rows below are consistent by construction: skip their foreign-key triggers when allowed (superuser)
    await Promise.all(clients.map((c) => c.query(`SET session_replication_role = replica`).catch(() => undefined)));
    const exampleData = JSON.stringify(getEventType("nfe.authorized")!.example);
    const cnpjs = companyCnpjs();
    const size = Math.ceil(events / CHUNKS);
    const chunks = Array.from({ length: CHUNKS }, (_, c) => [c * size, Math.min(events, (c + 1) * size)] as const).filter(
      ([lo, hi]) => lo < hi,
    );
    await Promise.all(
      clients.map(async (client) => {
        for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
          await client.query(CHUNK_SQL, [organizationId, cnpjs, exampleData, chunk[0], chunk[1], DAYS, events, endpointIds]);
        }
      }),
    );
    await Promise.all(["events", "deliveries", "attempts"].map((table, i) => clients[i % CONNECTIONS]!.query(`ANALYZE ${table}`)));
    const { rows } = await clients[0]!.query<{ deliveries: number; attempts: number }>(
      `SELECT count(*)::int AS deliveries, coalesce(sum(attempt_count), 0)::int AS attempts FROM deliveries WHERE organization_id = $1`,
      [organizationId],
    );
    return { organizationId, endpointIds, events, ...rows[0]!, seconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { attempts: { type: "string", default: "1000000" }, "database-url": { type: "string" } } });
  const databaseUrl = values["database-url"] ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("pass --database-url postgres://… (or set DATABASE_URL)");
  const result = await seedLog(databaseUrl, { attempts: Number(values.attempts) });
  console.log(
    `seeded "${LOG_SEED_ORGANIZATION}" (${result.organizationId}): ${result.events} events, ${result.deliveries} deliveries, ` +
      `${result.attempts} attempts on ${result.endpointIds.length} webhooks in ${result.seconds.toFixed(1)} s`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(`✖ ${error.message}`);
      process.exit(1);
    },
  );
}
