// The web process: Next.js (pages and the REST API) behind a plain node:http server that answers
// the API's one hot path, POST /api/v1/events with a token, itself (lib/api/fast-publish.ts).
// Started by the launcher (scripts/start.ts) with PORT; SIGTERM stops taking connections, lets the
// requests in flight finish (≤ 10 s) and exits 0.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";

const DRAIN_MS = 10_000;

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, "..") });
  await app.prepare();
  const handle = app.getRequestHandler();
  // loaded after Next.js has set up its runtime (the modules reach next/server and next-auth)
  const { fastPublish, isFastPublish } = await import("@/lib/api/fast-publish");
  const { closeDb } = await import("@/lib/db");
  const server = createServer((req, res) => {
    if (isFastPublish(req)) return void fastPublish(req, res);
    void handle(req, res);
  });
  server.listen(port, () => console.log(`▸ web server listening on port ${port} (pid ${process.pid})`));

  const stop = () => {
    const force = setTimeout(() => process.exit(0), DRAIN_MS).unref();
    server.close(() => {
      clearTimeout(force);
      void Promise.allSettled([app.close(), closeDb()]).then(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

void main().catch((error: Error) => {
  console.error(`✖ web server failed to start: ${error.message}`);
  process.exit(1);
});
