// `nfe-webhooks listen` and `trigger` end to end, as a developer runs them: the real CLI process
// against the real route definitions on node:http (a loopback API server) and a loopback local
// receiver. listen → trigger → the local POST verifies with the printed secret → acknowledged; a
// local 500 then 200 → delivered once acknowledged, in order; Ctrl-C removes the endpoint.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import * as webhooks from "@/app/api/v1/webhooks/route";
import * as webhook from "@/app/api/v1/webhooks/[id]/route";
import * as secret from "@/app/api/v1/webhooks/[id]/secret/route";
import * as feed from "@/app/api/v1/webhooks/[id]/feed/route";
import * as ack from "@/app/api/v1/webhooks/[id]/feed/ack/route";
import * as events from "@/app/api/v1/events/route";
import * as eventTypes from "@/app/api/v1/event-types/route";
import { serveNode } from "@/lib/api/node-route";
import type { RouteDefinition } from "@/lib/api/route";
import { pool } from "@/lib/db";
import { closeFeedListener } from "@/lib/webhooks/feed/listener";
import { apiClient, type ApiClient } from "@/test/api-client";
import { waitFor } from "@/test/engine-helpers";
import { startReceiver, type Receiver } from "@/test/receiver";

const root = path.resolve(import.meta.dirname, "../../..");
type Module = Record<string, { definition: RouteDefinition } | unknown>;
const ROUTES: [RegExp, Module][] = [
  [/^\/api\/v1\/webhooks$/, webhooks],
  [/^\/api\/v1\/webhooks\/(?<id>[^/]+)$/, webhook],
  [/^\/api\/v1\/webhooks\/(?<id>[^/]+)\/secret$/, secret],
  [/^\/api\/v1\/webhooks\/(?<id>[^/]+)\/feed$/, feed],
  [/^\/api\/v1\/webhooks\/(?<id>[^/]+)\/feed\/ack$/, ack],
  [/^\/api\/v1\/events$/, events],
  [/^\/api\/v1\/event-types$/, eventTypes],
];

let server: Server;
let apiUrl: string;
let api: ApiClient;
let local: Receiver;
let failNext = 0;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const pathname = new URL(req.url!, "http://x").pathname;
    for (const [pattern, module] of ROUTES) {
      const match = pattern.exec(pathname);
      const handler = match && (module[req.method!] as { definition: RouteDefinition } | undefined);
      if (handler) return void serveNode(handler.definition, req, res, { ...match.groups });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  api = await apiClient("dev@laptop.test", "Dev no Laptop");
  local = await startReceiver((_request, res) => {
    if (failNext > 0) {
      failNext--;
      return void res.writeHead(500).end("local receiver not ready");
    }
    res.writeHead(200).end("ok");
  });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await local.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeFeedListener();
});

function cli(args: string[]) {
  const child = spawn(path.join(root, "node_modules/.bin/node"), ["bin/nfe-webhooks.mjs", ...args, "--api", apiUrl, "--token", api.token], {
    cwd: root,
    env: { ...process.env, NFE_WEBHOOKS_TOKEN: "" },
  });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

it(
  "relays the feed to localhost, signed, acknowledging after 2xx, in order through local failures; Ctrl-C removes the endpoint",
  { timeout: 90_000 },
  async () => {
    const listen = cli(["listen", "--forward-to", local.url, "--events", "nfe.authorized,nfe.cancelled"]);
    const printed = await waitFor("the signing secret", () => /signing secret[^:]*: (whsec_\S+)/.exec(listen.output())?.[1], {
      timeoutMs: 30_000,
    });
    const { rows: endpoints } = await pool().query(
      `SELECT id, kind, event_types FROM endpoints WHERE organization_id = $1 AND deleted_at IS NULL`,
      [api.organizationId],
    );
    expect(endpoints).toEqual([{ id: expect.any(String), kind: "polling", event_types: ["nfe.authorized", "nfe.cancelled"] }]);

    // trigger publishes the catalog example; the local receiver gets it as a push, verifiable
    const trigger = cli(["trigger", "nfe.authorized"]);
    expect(await trigger.exited).toBe(0);
    await waitFor("the local POST", () => local.requests.length >= 1, { timeoutMs: 30_000 });
    const first = local.requests[0]!;
    const verified = new Webhook(printed).verify(first.body, first.headers as Record<string, string>) as { type: string };
    expect(verified.type).toBe("nfe.authorized");
    const deliveryStatus = async (webhookId: string) =>
      (await pool().query(`SELECT status FROM deliveries WHERE id = $1`, [webhookId.replace(/^msg_/, "")])).rows[0]?.status;
    await waitFor("the acknowledgement", async () => (await deliveryStatus(first.webhookId)) === "succeeded", { timeoutMs: 10_000 });

    // the local receiver fails twice: the message comes again (same webhook-id), then the next one, in order
    failNext = 2;
    expect(await cli(["trigger", "nfe.cancelled"]).exited).toBe(0);
    expect(await cli(["trigger", "nfe.authorized"]).exited).toBe(0);
    await waitFor("both after the failures", () => local.requests.length >= 1 + 3 + 1, { timeoutMs: 30_000 });
    const after = local.requests.slice(1).map((r) => [r.type, r.webhookId]);
    expect(after[0]).toEqual(after[1]);
    expect(after[1]).toEqual(after[2]);
    expect(after[0]![0]).toBe("nfe.cancelled");
    expect(after[3]![0]).toBe("nfe.authorized");
    await waitFor("both acknowledged", async () => (await deliveryStatus(String(after[3]![1]))) === "succeeded", { timeoutMs: 10_000 });
    expect(await deliveryStatus(String(after[0]![1]))).toBe("succeeded");
    expect(listen.output()).toMatch(/nfe\.cancelled\s+\S+\s+→ 500/);

    // an event of the other environment never reaches this (produção) listener
    const homolog = cli(["trigger", "nfe.authorized", "--environment", "homologacao"]);
    expect(await homolog.exited).toBe(0);
    expect(homolog.output()).toMatch(/published nfe\.authorized in homologacao \(event \S+, 0 deliveries\)/);
    const seen = local.requests.length;

    // Ctrl-C: the endpoint goes away
    listen.child.kill("SIGINT");
    expect(await listen.exited).toBe(0);
    const { rows } = await pool().query(`SELECT deleted_at IS NOT NULL AS deleted FROM endpoints WHERE id = $1`, [endpoints[0].id]);
    expect(rows[0].deleted).toBe(true);
    expect(listen.output()).toMatch(/endpoint removed/);
    expect(local.requests.length).toBe(seen);
  },
);
