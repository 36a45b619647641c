// The feed phase of `npm run bench`: a consumer long-polling a polling endpoint's feed while events
// are published to it at a fixed rate (publish→read latency), and the CPU that idle waiting readers
// cost this process. In-process (lib/webhooks/feed, the same code the route runs), on the bench's
// embedded PostgreSQL.
import { percentile, round, sleep, table } from "./stats";

const now = () => performance.timeOrigin + performance.now();

export async function feedPhase({ seconds, rate = 50, idleReaders = 500 }: { seconds: number; rate?: number; idleReaders?: number }) {
  const { ensureAccount } = await import("@/lib/auth/accounts");
  const { createPollingEndpoint } = await import("@/lib/webhooks/endpoints/store");
  const { createPollingEndpointSchema } = await import("@/lib/webhooks/endpoints/schemas");
  const { publishEvent } = await import("@/lib/webhooks/engine/publish");
  const { getEventType } = await import("@/lib/webhooks/catalog");
  const { readFeed, feedQuerySchema } = await import("@/lib/webhooks/feed/feed");
  const { closeFeedListener } = await import("@/lib/webhooks/feed/listener");
  const example = getEventType("nfe.authorized")!.example;

  const { user } = await ensureAccount("feed-bench@example.com", "Feed bench");
  const org = user.organizationId;
  const endpoint = (await createPollingEndpoint(org, createPollingEndpointSchema.parse({ kind: "polling" }))).endpoint;

  // latency: one consumer always waiting; `rate` events/s published for `seconds`
  const latencies: number[] = [];
  let stop = false;
  let cursor: string | undefined;
  const consumer = (async () => {
    while (!stop) {
      const read = await readFeed(org, endpoint.id, feedQuerySchema.parse({ after: cursor, wait: 2, limit: 500 }));
      const at = now();
      for (const m of read.messages) latencies.push(at - (JSON.parse(m.body) as { data: { bench_t: number } }).data.bench_t);
      cursor = read.next_cursor ?? undefined;
    }
  })();
  await sleep(500);
  const total = Math.round(rate * seconds);
  const started = now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    if (due > now()) await sleep(due - now());
    await publishEvent(org, { type: "nfe.authorized", data: { ...example, bench_t: now() } });
  }
  const deadline = Date.now() + 10_000;
  while (latencies.length < total && Date.now() < deadline) await sleep(50);
  stop = true;
  await consumer;

  // idle readers: `idleReaders` consumers waiting on feeds with nothing new (10 endpoints)
  const idleEndpoints = await Promise.all(
    Array.from(
      { length: 10 },
      async () => (await createPollingEndpoint(org, createPollingEndpointSchema.parse({ kind: "polling" }))).endpoint,
    ),
  );
  const cpuOver = async (ms: number) => {
    const before = process.cpuUsage();
    await sleep(ms);
    const used = process.cpuUsage(before);
    return ((used.user + used.system) / 1000 / ms) * 100;
  };
  const baseline = await cpuOver(5_000);
  const waiting = Array.from({ length: idleReaders }, (_, i) =>
    readFeed(org, idleEndpoints[i % idleEndpoints.length]!.id, feedQuerySchema.parse({ wait: 10 })),
  );
  await sleep(1_000); // all of them settled into their wait
  const withReaders = await cpuOver(5_000);
  await Promise.all(waiting);
  await closeFeedListener();

  table(
    `feed: publish→read with a consumer long-polling, ${rate} events/s for ${seconds} s`,
    ["p50 ms", "p90 ms", "p99 ms", "max ms", "read"],
    [
      [
        round(percentile(latencies, 50)),
        round(percentile(latencies, 90)),
        round(percentile(latencies, 99)),
        round(Math.max(...latencies)),
        `${latencies.length}/${total}`,
      ],
    ],
  );
  table(
    `feed: CPU of this process (% of one core) with ${idleReaders} readers waiting on empty feeds`,
    ["without", "with", "added"],
    [[round(baseline), round(withReaders), round(withReaders - baseline)]],
  );
}
