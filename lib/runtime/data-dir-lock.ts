// One launcher per DATA_DIR, held by a lock the kernel releases when its holder dies: a listening
// Unix socket (in Linux's abstract namespace, else a socket file in DATA_DIR). A killed launcher —
// even one left a zombie, or whose PID now belongs to another process — holds nothing, so the next
// start goes ahead at once; a live one answers with its PID, for the message.
import { createHash } from "node:crypto";
import { realpathSync, rmSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import path from "node:path";

export type DataDirLock = { held: true; release(): void } | { held: false; ownerPid: number | undefined };

function socketPath(dataDir: string): string {
  const dir = realpathSync(dataDir);
  if (process.platform === "linux") return `\0nfe-webhooks:${createHash("sha256").update(dir).digest("hex").slice(0, 32)}`;
  return path.join(dir, "launcher.sock");
}

function listen(where: string): Promise<Server | "in-use"> {
  return new Promise((resolve, reject) => {
    // whoever asks who holds the lock is told our PID
    const server = createServer((socket) => socket.end(String(process.pid)));
    server.once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve("in-use") : reject(error)));
    server.listen({ path: where, exclusive: true }, () => resolve(server));
  });
}

/** The PID of the launcher listening at `where`, or "gone" when nothing answers (a stale socket file). */
function askOwner(where: string): Promise<number | undefined | "gone"> {
  return new Promise((resolve) => {
    const socket = connect({ path: where });
    let answer = "";
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("error", () => resolve("gone"));
    socket.on("close", () => resolve(Number(answer) || undefined));
  });
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const where = socketPath(dataDir);
  for (let tries = 0; tries < 2; tries++) {
    const server = await listen(where);
    if (server !== "in-use") {
      server.unref();
      return { held: true, release: () => server.close() };
    }
    const owner = await askOwner(where);
    if (owner !== "gone") return { held: false, ownerPid: owner };
    rmSync(where, { force: true }); // a socket file its dead owner left behind (not Linux)
  }
  return { held: false, ownerPid: undefined };
}
