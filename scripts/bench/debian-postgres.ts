// A PostgreSQL server of its own for the scale-out phase: Debian's `postgresql` package (installed
// here when it is missing and this runs as root), a fresh data directory, a loopback port, durable
// settings as in production. Stopped (and its directory removed) by `stop()`.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export interface ServerDatabase {
  url: string;
  pid: number | undefined;
  version: string;
  stop: () => Promise<void>;
}

function binaries(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : undefined;
}

function ensureInstalled(): string {
  const found = binaries();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error("Debian's postgresql package is missing: apt-get install -y postgresql");
  console.error("▸ installing Debian's postgresql package");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "postgresql"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  const installed = binaries();
  if (!installed) throw new Error("postgresql installed but no pg_ctl under /usr/lib/postgresql");
  return installed;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startServerPostgres(dir: string): Promise<ServerDatabase> {
  const bin = ensureInstalled();
  const data = path.join(dir, "server-pg");
  mkdirSync(data, { recursive: true });
  // initdb and postgres refuse to run as root: as the package's own user then
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chmodSync(dir, 0o755);
    chownSync(data, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    const result = spawnSync(command, argv, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout}`);
  };
  run("initdb", ["-D", data, "-U", "bench", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  const settings = [
    `listen_addresses=127.0.0.1`,
    `port=${port}`,
    `unix_socket_directories=''`,
    `max_connections=300`,
    `shared_buffers=256MB`,
    // the log's partitions: see README "The log is partitioned by week"
    `max_locks_per_transaction=256`,
  ];
  run("pg_ctl", ["-D", data, "-l", path.join(data, "server.log"), "-w", "-o", settings.map((s) => `-c ${s}`).join(" "), "start"]);
  const pid = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]) || undefined;
  return {
    url: `postgresql://bench@127.0.0.1:${port}/postgres`,
    pid,
    version: path.basename(path.dirname(bin)),
    stop: async () => {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      rmSync(data, { recursive: true, force: true });
    },
  };
}
