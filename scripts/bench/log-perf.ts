// Delivery-log query times on a database seeded by scripts/bench/seed-log.ts: each query of the log API runs
// through the real lib functions (listDeliveries / listEvents) N times → p50/p95 ms, and
// explainLogQueries shows PostgreSQL's plan of the very SQL those functions build. lib/db reads
// DATABASE_URL once, so it is loaded here only after pointing it at `databaseUrl`.
import { formatCnpj } from "@/lib/cnpj";
import { encodeCursor } from "@/lib/webhooks/log/cursor";
import { deliveryFiltersSchema, eventFiltersSchema } from "@/lib/webhooks/log/schemas";

/** The organization scripts/bench/seed-log.ts creates (and replaces). */
export const LOG_SEED_ORGANIZATION = "Log Seed LTDA";

const DEEP_PAGE = 200;

interface LogQuery {
  name: string;
  list: "deliveries" | "events";
  filters: Record<string, string>;
}

export interface LogQueryTiming {
  name: string;
  p50: number;
  p95: number;
  /** rows on the page */
  rows: number;
}

export interface LogQueryPlan {
  name: string;
  /** the indexes the plan reads, and its execution time */
  indexes: string[];
  executionMs: number;
  plan: string;
}

async function libraries(databaseUrl: string) {
  process.env.DATABASE_URL = databaseUrl;
  const { env } = await import("@/lib/env");
  if (env.DATABASE_URL !== databaseUrl) throw new Error(`lib/db is already bound to another database (${env.DATABASE_URL})`);
  const [db, log, events] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/webhooks/log/deliveries"),
    import("@/lib/webhooks/log/events"),
  ]);
  return { ...db, ...log, ...events };
}

type Libraries = Awaited<ReturnType<typeof libraries>>;

interface Scenario {
  organizationId: string;
  endpointId: string;
  queries: LogQuery[];
}

/** The seeded organization, its busiest webhook, an invoice from mid-history, and the queries to time. */
async function scenario(lib: Libraries): Promise<Scenario> {
  const org = await lib
    .pool()
    .query<{ id: string }>(`SELECT id FROM organizations WHERE name = $1 ORDER BY created_at DESC LIMIT 1`, [LOG_SEED_ORGANIZATION]);
  const organizationId = org.rows[0]?.id;
  if (!organizationId) throw new Error(`no "${LOG_SEED_ORGANIZATION}" organization: run scripts/bench/seed-log.ts first`);
  const endpoint = await lib
    .pool()
    .query<{ id: string }>(`SELECT id FROM endpoints WHERE organization_id = $1 ORDER BY created_at LIMIT 1`, [organizationId]);
  const endpointId = endpoint.rows[0]!.id;
  const sample = await lib.pool().query<{ access_key: string; company_cnpj: string; number: string }>(
    `SELECT access_key, company_cnpj, number FROM events WHERE organization_id = $1 AND access_key IS NOT NULL AND created_at < now() - interval '15 days'
     ORDER BY created_at DESC LIMIT 1`,
    [organizationId],
  );
  const invoice = sample.rows[0]!;
  let deep: string | null = null;
  for (let page = 1; page < DEEP_PAGE; page++) {
    deep = (await lib.listDeliveries(organizationId, endpointId, deliveryFiltersSchema.parse({ cursor: deep ?? undefined }))).next_cursor;
  }
  const monthAgo = encodeCursor({ created_at: new Date(Date.now() - 25 * 86_400_000), id: "ffffffff-ffff-ffff-ffff-ffffffffffff" });
  const deliveries = (name: string, filters: Record<string, string>): LogQuery => ({
    name: `deliveries: ${name}`,
    list: "deliveries",
    filters,
  });
  const queries = [
    deliveries("page 1", {}),
    deliveries(`page ${DEEP_PAGE} (cursor followed)`, { cursor: deep! }),
    deliveries("25 days back (cursor)", { cursor: monthAgo }),
    deliveries("status=failed", { status: "failed" }),
    deliveries("event_type=nfe.cancelled", { event_type: "nfe.cancelled" }),
    deliveries("q=access key", { q: invoice.access_key }),
    deliveries("q=CNPJ (formatted)", { q: formatCnpj(invoice.company_cnpj) }),
    deliveries("q=invoice number", { q: invoice.number }),
    { name: "events: q=access key", list: "events", filters: { q: invoice.access_key } },
    { name: "events: q=CNPJ", list: "events", filters: { q: invoice.company_cnpj } },
  ] satisfies LogQuery[];
  return { organizationId, endpointId, queries };
}

async function run(lib: Libraries, s: Scenario, query: LogQuery): Promise<number> {
  if (query.list === "events") return (await lib.listEvents(s.organizationId, eventFiltersSchema.parse(query.filters))).events.length;
  return (await lib.listDeliveries(s.organizationId, s.endpointId, deliveryFiltersSchema.parse(query.filters))).deliveries.length;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Each log query, once to warm up and then `iterations` times, through listDeliveries / listEvents. */
export async function measureLogQueries(databaseUrl: string, { iterations = 20 }: { iterations?: number } = {}): Promise<LogQueryTiming[]> {
  const lib = await libraries(databaseUrl);
  try {
    const s = await scenario(lib);
    const timings: LogQueryTiming[] = [];
    for (const query of s.queries) {
      const rows = await run(lib, s, query);
      const ms: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const started = performance.now();
        await run(lib, s, query);
        ms.push(performance.now() - started);
      }
      ms.sort((a, b) => a - b);
      timings.push({ name: query.name, p50: percentile(ms, 50), p95: percentile(ms, 95), rows });
    }
    return timings;
  } finally {
    await lib.closeDb();
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of the SQL each log query runs, built by the same functions. */
export async function explainLogQueries(databaseUrl: string): Promise<LogQueryPlan[]> {
  const lib = await libraries(databaseUrl);
  try {
    const s = await scenario(lib);
    const plans: LogQueryPlan[] = [];
    for (const query of s.queries) {
      const { sql, values } =
        query.list === "events"
          ? lib.eventLogQuery(s.organizationId, eventFiltersSchema.parse(query.filters))
          : lib.deliveryLogQuery(s.organizationId, s.endpointId, deliveryFiltersSchema.parse(query.filters));
      const { rows } = await lib.pool().query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values);
      const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      plans.push({
        name: query.name,
        indexes: [...new Set([...plan.matchAll(/ using (\S+)/gi)].map((m) => m[1]!))],
        executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
        plan,
      });
    }
    return plans;
  } finally {
    await lib.closeDb();
  }
}

/** Retention on the seeded log: the oldest week with rows dropped whole (its rows counted first), timed. */
export async function timeWeekDrop(databaseUrl: string): Promise<{ week: string; rows: number; ms: number }> {
  const pg = await import("pg");
  const db = new pg.default.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const { logPartitionWeeks, applyRetention } = await import("@/lib/webhooks/engine/retention");
    const count = async (week: string) =>
      Number(
        (
          await db.query<{ n: string }>(
            `SELECT (SELECT count(*) FROM events_p${week}) + (SELECT count(*) FROM deliveries_p${week}) + (SELECT count(*) FROM attempts_p${week}) AS n`,
          )
        ).rows[0]!.n,
      );
    let week = "";
    let rows = 0;
    for (const candidate of await logPartitionWeeks(db)) if ((rows = await count((week = candidate)))) break;
    // the seed leaves some deliveries of every week retrying: a month later they would long be failed
    await db.query(`UPDATE deliveries_p${week} SET status = 'failed' WHERE status IN ('pending', 'retrying', 'waiting')`);
    // the window that makes exactly that week the newest one past it
    const age =
      Math.floor((Date.now() - Date.parse(`${week.slice(0, 4)}-${week.slice(4, 6)}-${week.slice(6)}T00:00:00Z`)) / 86_400_000) - 7;
    const started = performance.now();
    const result = await applyRetention(db, age);
    const ms = performance.now() - started;
    if (!result.droppedWeeks.includes(week)) throw new Error(`week ${week} was not dropped (${JSON.stringify(result)})`);
    return { week, rows, ms };
  } finally {
    await db.end();
  }
}
