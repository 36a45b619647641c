// The bench's loopback receiver, as its own process: the test receiver (test/receiver.ts) on each
// port, recording nothing; a port listed in SLOW_PORTS answers after SLOW_MS. Counts arrivals per
// webhook-id and publish→arrival latency (from `bench_t` in the body). Driven over IPC: "reset" and
// "snapshot".
import { answer, delayed, startReceiver, type Reply } from "@/test/receiver";

const ports = (process.env.PORTS ?? "").split(",").filter(Boolean).map(Number);
const slow = new Set((process.env.SLOW_PORTS ?? "").split(",").filter(Boolean).map(Number));
const slowMs = Number(process.env.SLOW_MS ?? 2000);

let arrivals = 0;
let duplicates = 0;
let seen = new Set<string>();
let latencies: { port: number; ms: number }[] = [];

function counting(port: number): Reply {
  const reply = slow.has(port) ? delayed(slowMs) : answer(200);
  return (request, res) => {
    arrivals++;
    if (seen.has(request.webhookId)) duplicates++;
    else {
      seen.add(request.webhookId);
      const t = /"bench_t":\s*([\d.]+)/.exec(request.body)?.[1];
      if (t) latencies.push({ port, ms: request.at - Number(t) });
    }
    reply(request, res);
  };
}

process.on("message", (message: { type: string }) => {
  if (message.type === "reset") {
    arrivals = 0;
    duplicates = 0;
    seen = new Set();
    latencies = [];
    process.send!({ type: "reset" });
  } else if (message.type === "snapshot") {
    process.send!({ type: "snapshot", arrivals, unique: seen.size, duplicates, latencies });
  }
});
process.on("disconnect", () => process.exit(0));

Promise.all(ports.map((port) => startReceiver(counting(port), { port, record: false, keepAliveTimeout: 60_000 }))).then(() =>
  process.send!({ type: "ready" }),
);
