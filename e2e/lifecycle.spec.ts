// The launcher's life, without a browser: it starts again at once after every one of its processes
// was SIGKILLed (even when the dead launcher is a zombie nobody reaps), refuses a second live launcher
// on the same DATA_DIR, and a SIGTERM to its whole process group — twice — lets the requests in
// flight finish and be recorded before it stops. Each launcher here has its own DATA_DIR and port and
// uses the build the main web server of this suite made.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { gate, startReceiver, type Receiver } from "../test/receiver";

const root = process.cwd(); // Playwright runs from the project root
const node = path.join(root, "node_modules/.bin/node");
const START = [node, "--import", path.join(root, "scripts/server-only.mjs"), "--import", "tsx", path.join(root, "scripts/start.ts")];
let nextPort = 3300 + Math.floor(Math.random() * 500);

interface App {
  dataDir: string;
  port: number;
  env: NodeJS.ProcessEnv;
}

function newApp(): App {
  const dataDir = mkdtempSync(path.join(tmpdir(), "nfe-lifecycle-"));
  const port = nextPort++;
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), ALLOW_PRIVATE_WEBHOOK_URLS: "true", NEXT_TELEMETRY_DISABLED: "1" };
  return { dataDir, port, env };
}

interface Running {
  pid: number;
  output: () => string;
  exited: Promise<number | null>;
  process: ChildProcess;
}

function launch(app: App, { group = false } = {}): Running {
  const child = spawn(START[0]!, START.slice(1), { cwd: root, env: app.env, detached: group, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { pid: child.pid!, output: () => output, exited, process: child };
}

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  await expect.poll(async () => check(), { message: what, timeout: timeoutMs, intervals: [100, 200, 500] }).toBe(true);
}

async function ready(app: App, launched?: Pick<Running, "output">): Promise<void> {
  const answers = async () => (await fetch(`http://127.0.0.1:${app.port}/sign-in`).catch(() => undefined))?.status === 200;
  await waitUntil(`the app on port ${app.port} to answer`, answers).catch((error: Error) => {
    throw new Error(`${error.message}\n${launched?.output() ?? ""}`);
  });
}

/** A new API token for the app, from the bootstrap command (same DATA_DIR, app running). */
async function token(app: App): Promise<string> {
  const { stdout } = await promisify(execFile)(
    node,
    ["--import", path.join(root, "scripts/server-only.mjs"), "--import", "tsx", "scripts/token.ts", "--email", "ops@lifecycle.test"],
    {
      cwd: root,
      env: app.env,
    },
  );
  return stdout.trim().split("\n").at(-1)!;
}

async function api(app: App, secret: string, method: string, url: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${app.port}${url}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json().catch(() => null) };
}

const stateOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[0];
const childrenOf = (pid: number) =>
  readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1] === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
const postmasterOf = (app: App) => Number(readFileSync(path.join(app.dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return stateOf(pid) !== "Z";
  } catch {
    return false;
  }
};

const receivers: Receiver[] = [];
test.afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

test("after SIGKILL of every process, with the old launcher left a zombie, npm start on the same DATA_DIR and port starts at once", async () => {
  test.setTimeout(180_000);
  const app = newApp();
  // the launcher's parent never reaps it (as some containers' init): a shell that becomes `sleep`
  const log = path.join(app.dataDir, "first-launcher.log");
  const parent = spawn(
    "sh",
    ["-c", `${START.map((a) => JSON.stringify(a)).join(" ")} >${JSON.stringify(log)} 2>&1 & echo $!; exec sleep 600`],
    {
      cwd: root,
      env: app.env,
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  const launcherPid = await new Promise<number>((resolve) => parent.stdout!.once("data", (c: Buffer) => resolve(Number(c.toString()))));
  try {
    // should it not come up, what it said is in the error
    await ready(app, { output: () => (existsSync(log) ? readFileSync(log, "utf8") : "") });
    const victims = [launcherPid, ...childrenOf(launcherPid), postmasterOf(app)];
    for (const pid of victims) process.kill(pid, "SIGKILL");
    await waitUntil("the old launcher to be a zombie", () => stateOf(launcherPid) === "Z", 10_000);
    await waitUntil("every killed process to be gone", () => victims.slice(1).every((pid) => !alive(pid)), 10_000);
    // an older launcher wrote its PID to a file: one now taken by an unrelated process blocks nothing
    writeFileSync(path.join(app.dataDir, "launcher.pid"), String(parent.pid));

    const again = launch(app);
    await ready(app, again);
    expect(stateOf(launcherPid)).toBe("Z");

    // a second live launcher on the same DATA_DIR is refused, naming the first
    const second = launch({ ...app, env: { ...app.env, PORT: String(nextPort++) } });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`Another launcher (pid ${again.pid}) is already using`);

    again.process.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  } finally {
    // a first launcher that never came up is stopped (it stops its children and PostgreSQL)
    try {
      if (alive(launcherPid) && stateOf(launcherPid) !== "Z") process.kill(launcherPid, "SIGTERM");
    } catch {
      // gone meanwhile
    }
    parent.kill("SIGKILL");
  }
});

test("SIGTERM to the whole process group, twice, lets the requests in flight finish and be recorded", async () => {
  test.setTimeout(180_000);
  const app = newApp();
  const hold = gate();
  const receiver = await startReceiver(async (_request, res) => {
    await hold.wait;
    res.writeHead(200).end("ok");
  });
  receivers.push(receiver);
  let running = launch(app, { group: true });
  await ready(app, running);
  const secret = await token(app);
  const created = await api(app, secret, "POST", "/api/v1/webhooks", { url: receiver.url, skip_verification: true });
  expect(created.status).toBe(201);
  const endpointId = created.json.webhook.id;
  const example = (await api(app, secret, "GET", "/api/v1/event-types")).json.event_types.find(
    (t: { name: string }) => t.name === "nfe.authorized",
  ).example;
  for (let i = 0; i < 10; i++)
    expect((await api(app, secret, "POST", "/api/v1/events", { type: "nfe.authorized", data: example })).status).toBe(202);
  await waitUntil("10 requests in flight", () => receiver.requests.length === 10, 30_000);

  process.kill(-running.pid, "SIGTERM");
  await waitUntil("the launcher to start stopping", () => running.output().includes("▸ stopping"), 10_000);
  process.kill(-running.pid, "SIGTERM");
  hold.open();
  expect(await running.exited).toBe(0);
  expect(existsSync(path.join(app.dataDir, "postgres", "postmaster.pid"))).toBe(false);

  running = launch(app);
  await ready(app, running);
  const log = await api(app, secret, "GET", `/api/v1/webhooks/${endpointId}/deliveries?limit=100`);
  expect(log.json.deliveries).toHaveLength(10);
  for (const delivery of log.json.deliveries) expect(delivery).toMatchObject({ status: "succeeded", attempts: 1, last_status_code: 200 });
  expect(receiver.requests).toHaveLength(10);
  running.process.kill("SIGTERM");
  expect(await running.exited).toBe(0);
});
