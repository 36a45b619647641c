// The web process: Next.js (pages and the REST API) behind a plain node:http server that runs the
// API's one hot path, POST /api/v1/events with a token, through the node:http adapter
// (lib/api/node-route.ts) — the same route definition as app/api/v1/events/route.ts, without the
// ~2 ms of CPU Next.js spends per request before a route runs. Started by the launcher
// (scripts/start.ts) with PORT; SIGTERM or SIGINT (once or many times, to this process or its whole
// group) stops taking connections, lets the requests in flight finish (≤ 10 s) and exits 0.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import next from "next";

const DRAIN_MS = 10_000;
/** Slow clients: a request must send its headers within 20 s and be done within 30 s (a reverse proxy in front buffers for real clients). */
const HEADERS_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** how often Node looks for connections past those timeouts (its default, 30 s, lets a slow client stay up to 50 s) */
const CONNECTIONS_CHECK_MS = 2_000;

const HANDLER_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** The methods each /api/v1 route answers (its route file's exports), for a 405's Allow header. */
async function allowedMethods(): Promise<(pathname: string) => string | undefined> {
  const { ROUTES } = await import("@/app/api/v1/openapi.json/routes");
  const routes = ROUTES.map(({ path: pattern, module }) => {
    const methods = HANDLER_METHODS.filter((m) => typeof module[m] === "function");
    if (methods.includes("GET")) methods.push("HEAD");
    return { pattern: new RegExp(`^${pattern.replace(/\{\w+\}/g, "[^/]+")}/?$`), allow: [...methods, "OPTIONS"].join(", ") };
  });
  return (pathname) => routes.find((r) => r.pattern.test(pathname))?.allow;
}

const TENANT_EVENTS = /^\/api\/v1\/operator\/organizations\/([^/?#]+)\/events$/;

/**
 * Next.js answers a method an API route does not have with an empty 405: the API's errors are JSON
 * with a code, this one too.
 */
function answerMethodNotAllowedInJson(req: IncomingMessage, res: ServerResponse, allow: string | undefined): void {
  const body = JSON.stringify({ errors: [`${req.method} is not a method of ${req.url?.split("?")[0]}`], code: "method.not_allowed" });
  let refused = false;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status === 405) {
      refused = true;
      res.removeHeader("content-length");
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.setHeader("cache-control", "no-store");
      if (allow) res.setHeader("allow", allow);
      // the headers Next.js passes along, without a length or type of its own
      rest = rest.map((h) =>
        h && typeof h === "object" && !Array.isArray(h)
          ? Object.fromEntries(Object.entries(h).filter(([k]) => !/^content-(length|type)$/i.test(k)))
          : h,
      );
    }
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    if (res.statusCode === 405 && !res.headersSent) res.writeHead(405);
    if (!refused) return end(...args);
    return end(body);
  }) as typeof res.end;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, "..") });
  await app.prepare();
  const handle = app.getRequestHandler();
  const [
    { POST: publish },
    { POST: operatorBatch },
    { POST: operatorPublish },
    { serveNode },
    { PEER_ADDRESS_HEADER },
    { closeDb, pool },
    { serveMetrics },
    { baseSecurityHeaders },
    { env },
  ] = await Promise.all([
    import("@/app/api/v1/events/route"),
    import("@/app/api/v1/operator/events/route"),
    import("@/app/api/v1/operator/organizations/[external_id]/events/route"),
    import("@/lib/api/node-route"),
    import("@/lib/api/next-route"),
    import("@/lib/db"),
    import("@/lib/metrics/server"),
    import("@/lib/http/security-headers"),
    import("@/lib/env"),
  ]);
  const securityHeaders = Object.entries(baseSecurityHeaders(env.APP_URL));
  // pages get X-Frame-Options from proxy.ts, which leaves it out for embedded portal pages
  const pageHeaders = securityHeaders.filter(([name]) => name !== "x-frame-options");
  const isPage = (url = "/") => !url.startsWith("/api/") && !url.startsWith("/_next/");
  // the API's hot paths, publishing with a credential, skip Next.js (lib/api/node-route.ts): the
  // same route definitions, the same answers
  const fastPath = (req: IncomingMessage): { route: typeof publish; params: Record<string, string> } | null => {
    if (req.method !== "POST" || req.headers.authorization === undefined) return null;
    if (req.url === "/api/v1/events") return { route: publish, params: {} };
    if (req.url === "/api/v1/operator/events") return { route: operatorBatch, params: {} };
    const tenant = TENANT_EVENTS.exec(req.url ?? "");
    return tenant ? { route: operatorPublish, params: { external_id: tenant[1]! } } : null;
  };
  // loaded after start-up: until then a 405 goes without its Allow header
  let allowOf: ((pathname: string) => string | undefined) | undefined;
  void allowedMethods()
    .then((lookup) => (allowOf = lookup))
    .catch((error: Error) => console.error(`the API's methods could not be read for 405 answers: ${error.message}`));
  const server = createServer(
    {
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      connectionsCheckingInterval: CONNECTIONS_CHECK_MS,
    },
    (req, res) => {
      for (const [name, value] of isPage(req.url) ? pageHeaders : securityHeaders) res.setHeader(name, value);
      if (serveMetrics(req, res, pool())) return;
      const fast = fastPath(req);
      if (fast) return void serveNode(fast.route.definition, req, res, fast.params);
      if (req.url?.startsWith("/api/")) answerMethodNotAllowedInJson(req, res, allowOf?.(req.url.split("?")[0]!));
      // Next.js route handlers cannot see the socket: tell them who connected (a client's own value is replaced)
      req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
      void handle(req, res);
    },
  );
  server.maxConnections = env.MAX_CONNECTIONS;
  server.listen(port, () => console.log(`▸ web server listening on port ${port} (pid ${process.pid})`));

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(0), DRAIN_MS).unref();
    server.close(() => {
      clearTimeout(force);
      void Promise.allSettled([app.close(), closeDb()]).then(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main().catch((error: Error) => {
  console.error(`✖ web server failed to start: ${error.message}`);
  process.exit(1);
});
