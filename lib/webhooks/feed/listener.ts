// Waiting readers of feeds, woken by PostgreSQL: one LISTEN connection per process (opened on the
// first wait, reopened after a failure) and, in memory, the readers waiting per endpoint. A publish
// that adds to a polling endpoint's feed NOTIFYs its id when it commits (publish-batcher.ts); every
// reader of that endpoint wakes and reads again. Many waiting readers cost one connection and a map.
import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import { FEED_CHANNEL } from "@/lib/webhooks/feed/channel";

const waiting = new Map<string, Set<() => void>>();
let client: pg.Client | null = null;
let connecting: Promise<void> | null = null;

function wake(endpointIds: string[]): void {
  for (const id of endpointIds) {
    const set = waiting.get(id);
    if (!set) continue;
    waiting.delete(id);
    for (const resolve of set) resolve();
  }
}

function wakeEveryone(): void {
  wake([...waiting.keys()]);
}

async function connect(): Promise<void> {
  const c = new pg.Client({ connectionString: env.DATABASE_URL });
  c.on("notification", (message) => {
    if (message.channel === FEED_CHANNEL && message.payload) wake(message.payload.split(","));
  });
  // a lost connection may have lost notifications: everyone reads again, the next wait reconnects
  c.on("error", () => {
    if (client === c) client = null;
    wakeEveryone();
  });
  c.on("end", () => {
    if (client === c) client = null;
    wakeEveryone();
  });
  await c.connect();
  await c.query(`LISTEN ${FEED_CHANNEL}`);
  client = c;
}

async function listening(): Promise<void> {
  if (client) return;
  connecting ??= connect().finally(() => {
    connecting = null;
  });
  await connecting;
}

/**
 * Resolves when the endpoint's feed may have something new, or after `ms`. Subscribes before
 * resolving `ready`, so a caller that reads after `ready` cannot miss a publish in between.
 */
export function feedChange(endpointId: string, ms: number): { ready: Promise<void>; changed: Promise<void>; cancel: () => void } {
  let resolve!: () => void;
  const changed = new Promise<void>((r) => (resolve = r));
  const timer = setTimeout(() => done(), ms);
  const done = () => {
    clearTimeout(timer);
    waiting.get(endpointId)?.delete(done);
    resolve();
  };
  const set = waiting.get(endpointId) ?? new Set();
  set.add(done);
  waiting.set(endpointId, set);
  return { ready: listening(), changed, cancel: done };
}

/** For tests and shutdown. */
export async function closeFeedListener(): Promise<void> {
  const c = client;
  client = null;
  wakeEveryone();
  await c?.end().catch(() => undefined);
}

export const waitingReaders = () => [...waiting.values()].reduce((n, s) => n + s.size, 0);
