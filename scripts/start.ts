// `npm start`: PostgreSQL (embedded under DATA_DIR, or DATABASE_URL), migrations, a production build
// when none is current, then the web server (scripts/web.ts: Next.js + the fast publish path) and the
// delivery worker as children. SIGINT/SIGTERM stop the children, then PostgreSQL, within 20 s.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { parseEnv, EnvError } from "@/lib/env";
import { loadOrCreateSecrets } from "@/lib/runtime/secrets";
import { lockDataDir } from "@/lib/runtime/data-dir-lock";
import { migrateAll, openDatabase } from "@/lib/runtime/database";
import { buildIsCurrent } from "./build-state";
import { WORKER_NODE_FLAGS } from "./worker-flags";

const root = path.resolve(import.meta.dirname, "..");
const node = process.execPath;
const children: ChildProcess[] = [];
let stopping = false;
const CHILDREN_DRAIN_MS = 18_000;

function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** A web server of a launcher that was just killed lets go of the port within a second or two. */
async function portFreeSoon(port: number, waitMs = 5_000): Promise<boolean> {
  for (const deadline = Date.now() + waitMs; ; await new Promise((r) => setTimeout(r, 200))) {
    if (await portIsFree(port)) return true;
    if (Date.now() > deadline) return false;
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(node, args, { cwd: root, env, stdio: "inherit" });
  children.push(child);
  return child;
}

async function build(env: NodeJS.ProcessEnv): Promise<void> {
  if (buildIsCurrent(root)) return;
  console.log("▸ building the app (first start or changed sources)…");
  const started = Date.now();
  const child = spawn(node, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, env, stdio: "inherit" });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) fail("the build failed (see above)");
  console.log(`▸ built in ${Math.round((Date.now() - started) / 1000)} s`);
}

async function main(): Promise<void> {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  mkdirSync(env.DATA_DIR, { recursive: true });
  const lock = await lockDataDir(env.DATA_DIR);
  if (!lock.held) {
    const who = lock.ownerPid ? ` (pid ${lock.ownerPid})` : "";
    fail(`Another launcher${who} is already using ${env.DATA_DIR}. Stop it, or set DATA_DIR to another folder.`);
  }
  if (!(await portFreeSoon(env.PORT)))
    fail(`Port ${env.PORT} is already in use. Stop whatever uses it, or start with PORT=<another port>.`);
  const secrets = loadOrCreateSecrets(env.DATA_DIR, { authSecret: env.NEXTAUTH_SECRET, encryptionKey: env.ENCRYPTION_KEY });

  const db = await openDatabase({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL }).catch((e: Error) => fail(e.message));
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("▸ stopping: draining the web server and the worker, then PostgreSQL…");
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    // the worker drains requests in flight (≤ WEBHOOK_TIMEOUT_MS) and records them; then PostgreSQL
    const deadline = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")), CHILDREN_DRAIN_MS);
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on("exit", r)) : undefined)));
    clearTimeout(deadline);
    await db.stop();
    lock.release();
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  const applied = await migrateAll(db.url).catch((e: Error) => (void stopAll(1), fail(e.message)));
  if (applied.length) console.log(`▸ applied migrations: ${applied.join(", ")}`);
  // the web server and workers connect as the app's own role, never as the superuser
  const appUrl = await db.handOver().catch((e: Error) => (void stopAll(1), fail(e.message)));

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATA_DIR: env.DATA_DIR,
    DATABASE_URL: appUrl,
    NEXTAUTH_SECRET: secrets.authSecret,
    ENCRYPTION_KEY: secrets.encryptionKey,
    AUTH_TRUST_HOST: "true",
  };
  await build(childEnv);
  const watchdog = ["--import", path.join(root, "scripts/watchdog.mjs")];
  const web = run(
    [...watchdog, "--import", path.join(root, "scripts/server-only.mjs"), "--import", "tsx", path.join(root, "scripts/web.ts")],
    { ...childEnv, PORT: String(env.PORT) },
  );
  const worker = env.RUN_WORKER
    ? run(
        [
          ...watchdog,
          ...WORKER_NODE_FLAGS,
          "--import",
          path.join(root, "scripts/server-only.mjs"),
          "--import",
          "tsx",
          path.join(root, "scripts/worker.ts"),
        ],
        childEnv,
      )
    : undefined;
  for (const child of [web, worker]) {
    child?.on("exit", (code, signal) => {
      if (stopping) return;
      console.error(`✖ ${child === web ? "web server" : "worker"} exited (${signal ?? code}); stopping`);
      void stopAll(1);
    });
  }
  console.log(`▸ ready on http://localhost:${env.PORT} (data in ${env.DATA_DIR}${env.DATABASE_URL ? ", external PostgreSQL" : ""})`);
}

void main();
