// The database of this process: ONE pg pool, used by Prisma (through its pg adapter) and by the raw
// SQL of the hot paths (lib/db/README.md says which code uses which, and why). Created on first use;
// every module copy of this file has its own (see README "State per process").
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

const POOL_SIZE = 20;
/**
 * Named statements get one plan per connection, made at their first run: they look rows up by key,
 * which a generic plan does as well as a custom one. PostgreSQL's default plans the first five runs
 * of each statement on each connection anew and keeps doing so whenever its estimate favours it — for
 * the publish and record statements (big CTEs over the log's partitions) a few milliseconds of
 * planning every time. Measured (`npm run bench -- --latency-only --quick`, two runs each): after a
 * burst, publish→arrival p50 4.3–5.0 ms per second of the phase instead of 5.5–14.7, and 3,000
 * deliveries/s in the burst instead of 2,800. Prisma's statements are unnamed: planned as before.
 */
export const PLAN_ONCE = "-c plan_cache_mode=force_generic_plan";
/**
 * How long an idle connection is kept (pg's default is 10 s). A connection opened anew starts cold:
 * PostgreSQL loads the catalog entries of every partition and index a statement touches, and plans
 * each named statement again (the record statement: ~14 ms) — on the path of the event that needed
 * it. With 10 s, the pools shrank whenever the load eased (after a burst, between bursts) and grew
 * back cold on the next rise. Measured on the shared bench's product step (defaults, three runs
 * each, alternating): publish→arrival right after the throughput phases p99 31–37 ms (max 55–73)
 * instead of 72–504 ms (max 271–740), the machine 64–74 % busy instead of 66–87 %.
 */
export const POOL_IDLE_MS = 300_000;
/**
 * The web's queries are short and many: no parallel workers (the log's lists read a few index
 * entries of each week's partition; a parallel plan over the partitions spent ~80 ms starting them).
 * The named statements (publishing, token and session lookups, rate limits, the feed: PLAN_ONCE)
 * are planned once per connection.
 */
const SESSION_OPTIONS = `-c max_parallel_workers_per_gather=0 ${PLAN_ONCE}`;

/** What to log of a lost connection: not the error's `client` (its whole state, statements included). */
export const lostConnection = (error: Error & { code?: string }) => ({ err: { message: error.message, code: error.code } });

function open() {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides it");
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: POOL_SIZE,
    idleTimeoutMillis: POOL_IDLE_MS,
    options: SESSION_OPTIONS,
  });
  // An idle connection the server drops (PostgreSQL restarting, a connection being terminated) is
  // discarded by the pool; with no listener its 'error' event would crash the process.
  pool.on("error", (error) => log().warn(lostConnection(error), "idle database connection lost"));
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // secrets and hashes are read only where they are needed, by asking for them
    omit: {
      endpoint: { secretCiphertext: true, previousSecretCiphertext: true },
      user: { passwordHash: true },
      apiToken: { tokenHash: true },
    },
  });
  return { pool, prisma };
}

let opened: ReturnType<typeof open> | undefined;
let replica: pg.Pool | undefined;
const current = () => (opened ??= open());

type Prisma = ReturnType<typeof open>["prisma"];

/** The Prisma client (opens the pool on first use). */
export const prisma: Prisma = new Proxy({} as Prisma, {
  get: (_, key) => {
    const client = current().prisma;
    const value = Reflect.get(client, key);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** The raw pool, for statements Prisma would split into several round trips. */
export function pool(): pg.Pool {
  return current().pool;
}

/**
 * Where the log's lists and the health figures are read: the replica at DATABASE_READ_URL when it is
 * set (a few hundred milliseconds behind the primary at most, which a list that pages and refreshes
 * tolerates), else the primary. What a person acts on next — a delivery's or an event's detail after
 * a resend, the trouble banner, anything that writes — reads the primary.
 */
export function readPool(): pg.Pool {
  if (!env.DATABASE_READ_URL) return pool();
  if (!replica) {
    replica = new pg.Pool({
      connectionString: env.DATABASE_READ_URL,
      max: POOL_SIZE,
      idleTimeoutMillis: POOL_IDLE_MS,
      application_name: "nfe-webhooks-read",
      options: SESSION_OPTIONS,
    });
    replica.on("error", (error) => log().warn(lostConnection(error), "idle read-replica connection lost"));
  }
  return replica;
}

export async function closeDb(): Promise<void> {
  const reader = replica;
  replica = undefined;
  await reader?.end();
  if (!opened) return;
  const { prisma: client, pool: connections } = opened;
  opened = undefined;
  await client.$disconnect();
  await connections.end();
}
