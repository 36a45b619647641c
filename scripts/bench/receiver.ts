// The bench's loopback receiver, as its own process: one HTTP server per port; a port listed in
// SLOW_PORTS answers after SLOW_MS. Counts 2xx arrivals per webhook-id and publish→arrival latency
// (from `bench_t` in the body). Driven over IPC: "reset" and "snapshot".
import http from "node:http";

const now = () => performance.timeOrigin + performance.now();
const ports = (process.env.PORTS ?? "").split(",").filter(Boolean).map(Number);
const slow = new Set((process.env.SLOW_PORTS ?? "").split(",").filter(Boolean).map(Number));
const slowMs = Number(process.env.SLOW_MS ?? 2000);

let arrivals = 0;
let duplicates = 0;
let seen = new Set<string>();
let latencies: { port: number; ms: number }[] = [];

function handle(port: number, req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const at = now();
    const id = String(req.headers["webhook-id"] ?? "");
    arrivals++;
    if (seen.has(id)) duplicates++;
    else {
      seen.add(id);
      const t = /"bench_t":\s*([\d.]+)/.exec(Buffer.concat(chunks).toString("utf8"))?.[1];
      if (t) latencies.push({ port, ms: at - Number(t) });
    }
    const answer = () => res.end("ok");
    if (slow.has(port)) setTimeout(answer, slowMs);
    else answer();
  });
}

const servers = ports.map((port) => http.createServer((req, res) => handle(port, req, res)).listen(port, "127.0.0.1"));
servers.forEach((s) => (s.keepAliveTimeout = 60_000));

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
process.send!({ type: "ready" });
