// GET /metrics over node:http: in the web process (scripts/web.ts, before Next.js) and, with
// METRICS_PORT, in each worker. Loopback clients may read it; others need `Authorization: Bearer
// <METRICS_TOKEN>` (and get 401 without it, or 403 when no token is configured).
import "server-only";
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type pg from "pg";
import { env } from "@/lib/env";
import { exposition } from "@/lib/metrics/metrics";

function isLoopback(address: string | undefined): boolean {
  const plain = (address ?? "").replace(/^::ffff:/, "");
  return plain === "::1" || /^127\.\d+\.\d+\.\d+$/.test(plain);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!presented) return false;
  const [a, b] = [Buffer.from(presented), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ errors: [message] }));
}

/** Whether this request is for /metrics (then it has been answered). */
export function serveMetrics(req: IncomingMessage, res: ServerResponse, db: pg.Pool): boolean {
  const path = (req.url ?? "").split("?")[0];
  if (path !== "/metrics") return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    refuse(res, 405, "GET /metrics");
    return true;
  }
  const token = env.METRICS_TOKEN;
  const allowed = (token && tokenMatches(req.headers.authorization, token)) || isLoopback(req.socket.remoteAddress);
  if (!allowed) {
    refuse(
      res,
      token ? 401 : 403,
      token ? "a Bearer METRICS_TOKEN is required" : "metrics are served to loopback clients only (set METRICS_TOKEN)",
    );
    return true;
  }
  exposition(db).then(
    ({ contentType, body }) => res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" }).end(body),
    (error: Error) => refuse(res, 503, `metrics unavailable: ${error.message}`),
  );
  return true;
}

/** A worker's own /metrics server on `port` (everything else: 404). */
export function startMetricsServer(port: number, db: pg.Pool): Promise<Server> {
  const server = createServer((req, res) => {
    if (!serveMetrics(req, res, db)) refuse(res, 404, "only GET /metrics here");
  });
  return new Promise((resolve, reject) => server.once("error", reject).listen(port, () => resolve(server)));
}
