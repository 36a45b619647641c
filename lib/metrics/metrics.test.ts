// GET /metrics in the web process (the handler scripts/web.ts mounts, here on a loopback server in
// this process, which publishes) and in a real worker process (METRICS_PORT): the counters move when
// an event is published and delivered, the queue figures come from the database, and only loopback
// clients or METRICS_TOKEN holders may read them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.METRICS_TOKEN = "metrics-token-for-tests-0123456789";
});

import { pool } from "@/lib/db";
import { serveMetrics } from "@/lib/metrics/server";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { invoiceData, killWorkers, newEndpoint, newOrganization, spawnWorker, waitFor } from "@/test/engine-helpers";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

let web: Server;
let webUrl: string;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver(answer(200));
  web = createServer((req, res) => {
    if (!serveMetrics(req, res, pool())) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}/metrics`;
});
afterAll(async () => {
  await killWorkers();
  await new Promise((resolve) => web?.close(resolve));
  await receiver?.close();
});

/** The value of one sample (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

describe("GET /metrics", () => {
  it("counts publishing in the web process and delivering in a worker, and reads the queue from the database", async () => {
    const org = await newOrganization("metrics");
    await newEndpoint(org, { url: receiver.url });
    const before = await scrape(webUrl);
    const published = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });

    const afterPublish = await scrape(webUrl);
    expect(sample(afterPublish, "nfe_webhooks_events_published_total", 'type="nfe.authorized"')).toBe(
      sample(before, "nfe_webhooks_events_published_total", 'type="nfe.authorized"') + 1,
    );
    expect(sample(afterPublish, "nfe_webhooks_publish_statement_seconds_count")).toBeGreaterThan(0);
    expect(sample(afterPublish, "nfe_webhooks_deliveries_open", 'status="pending"')).toBeGreaterThanOrEqual(1);
    expect(sample(afterPublish, "nfe_webhooks_job_queue_depth")).toBeGreaterThanOrEqual(1);
    expect(afterPublish).toContain("nfe_webhooks_oldest_due_delivery_age_seconds ");
    expect(afterPublish).toContain("nfe_webhooks_endpoints_disabled ");
    expect(afterPublish).toContain("nfe_webhooks_process_cpu_seconds_total ");

    // a worker process with its own metrics port delivers it
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const worker = spawnWorker({ METRICS_PORT: String(port), METRICS_TOKEN: "metrics-token-for-tests-0123456789" });
    await worker.ready;
    await waitFor("the delivery", () => receiver.events().some((r) => r.webhookId === published.deliveries[0]!.webhook_id));
    const workerUrl = `http://127.0.0.1:${port}/metrics`;
    const fromWorker = await waitFor("the worker's count", async () => {
      const text = await scrape(workerUrl);
      return sample(text, "nfe_webhooks_deliveries_total", 'outcome="succeeded"') >= 1 ? text : null;
    });
    expect(sample(fromWorker, "nfe_webhooks_attempt_duration_seconds_count", 'success="true"')).toBeGreaterThanOrEqual(1);
    expect(sample(fromWorker, "nfe_webhooks_record_statement_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(sample(fromWorker, "nfe_webhooks_deliveries_open", 'status="pending"')).toBe(0);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    await worker.stop();
  }, 60_000);

  it("answers other hosts only with METRICS_TOKEN", async () => {
    // a request as if from another host (no traffic leaves loopback: the socket address is faked)
    const ask = (authorization?: string) =>
      new Promise<{ status: number; body: string }>((resolve) => {
        const req = {
          url: "/metrics",
          method: "GET",
          headers: { authorization },
          socket: { remoteAddress: "10.1.2.3" },
        } as unknown as IncomingMessage;
        let status = 0;
        const res = {
          writeHead(code: number) {
            status = code;
            return this;
          },
          end(body: string) {
            resolve({ status, body });
          },
        } as unknown as ServerResponse;
        expect(serveMetrics(req, res, pool())).toBe(true);
      });
    expect((await ask()).status).toBe(401);
    expect((await ask("Bearer wrong-token-wrong-token-00")).status).toBe(401);
    const ok = await ask("Bearer metrics-token-for-tests-0123456789");
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("nfe_webhooks_deliveries_open");
  });
});
