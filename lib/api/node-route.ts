// The node:http adapter: runs a route definition (lib/api/route.ts) on a plain node:http request.
// The web process uses it for the API's one hot path, POST /api/v1/events with a token (scripts/web.ts):
// Next.js spends ~2 ms of CPU per request before a route handler runs, more than publishing itself.
import { API_HEADERS, baseSecurityHeaders } from "@/lib/http/security-headers";
import { env } from "@/lib/env";
import type { IncomingMessage, ServerResponse } from "node:http";
import { PayloadTooLarge } from "@/lib/errors";
import { runRoute, type ApiRequest, type RouteDefinition } from "@/lib/api/route";

function readNodeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers["content-length"] ?? 0) > limit) return Promise.reject(new PayloadTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // stop buffering; the rest of the body is discarded once the 413 is sent
      req.off("data", onData);
      reject(new PayloadTooLarge(limit));
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

export function fromNodeRequest(req: IncomingMessage): ApiRequest {
  return {
    method: req.method ?? "GET",
    url: new URL(req.url ?? "/", "http://localhost"),
    headers: headersOf(req),
    peerAddress: req.socket.remoteAddress ?? "unknown",
    readBody: (limit) => readNodeBody(req, limit),
  };
}

export async function serveNode(route: RouteDefinition, req: IncomingMessage, res: ServerResponse, params: Record<string, string> = {}) {
  const reply = await runRoute(route, fromNodeRequest(req), params);
  // a body too large to read is not worth receiving: close instead of draining it (node drains the
  // unread rest of smaller bodies itself, e.g. after a 401, and keeps the connection)
  if (reply.status === 413 && !req.complete) res.setHeader("connection", "close");
  const headers = { ...baseSecurityHeaders(env.APP_URL), ...API_HEADERS, ...reply.headers };
  if (reply.status === 204 || reply.body === null) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
