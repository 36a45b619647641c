// The receiver samples, each run as its own process in its own language (when that runtime is
// installed: .ci/run installs them from Debian's packages), against real deliveries from the product:
// a published event is verified and accepted, the same webhook-id again is recognised as a duplicate,
// and a request with a wrong signature is refused with 400.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revealSecret } from "@/lib/webhooks/endpoints/secrets";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { resendDelivery } from "@/lib/webhooks/engine/resend";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { deliveryState, invoiceData, newEndpoint, newOrganization, waitFor } from "@/test/engine-helpers";

const here = import.meta.dirname;
const scratch = mkdtempSync(path.join(tmpdir(), "nfe-receivers-"));

interface Sample {
  language: string;
  /** the runtime's version command: the sample is exercised only when it runs */
  probe: string[];
  run: (port: number) => { command: string; args: string[]; cwd: string; env?: Record<string, string> };
}

const SAMPLES: Sample[] = [
  {
    language: "node",
    probe: [process.execPath, "--version"],
    run: () => ({ command: process.execPath, args: ["--import", "tsx", "receiver.ts"], cwd: path.join(here, "node") }),
  },
  {
    language: "python",
    probe: ["python3", "--version"],
    run: () => ({ command: "python3", args: ["receiver.py"], cwd: path.join(here, "python") }),
  },
  {
    language: "php",
    probe: ["php", "--version"],
    run: (port) => ({
      command: "php",
      args: ["-S", `127.0.0.1:${port}`, "index.php"],
      cwd: path.join(here, "php"),
      env: { SEEN_FILE: path.join(scratch, `php-seen-${port}.txt`) },
    }),
  },
  {
    language: "java",
    probe: ["javac", "-version"],
    run: () => ({ command: "java", args: ["Receiver.java"], cwd: path.join(here, "java") }),
  },
  {
    language: "go",
    probe: ["go", "version"],
    run: () => ({
      command: "go",
      args: ["run", "main.go"],
      cwd: path.join(here, "go"),
      env: { GOCACHE: path.join(scratch, "gocache"), GOPATH: path.join(scratch, "gopath"), GO111MODULE: "off" },
    }),
  },
];

const installed = (probe: string[]) => {
  const result = spawnSync(probe[0]!, probe.slice(1), { stdio: "ignore" });
  return !result.error && result.status === 0;
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let worker: WorkerHandle;
const children: ChildProcess[] = [];

beforeAll(async () => {
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4, pollIntervalMs: 100 });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await worker?.stop();
  await closeDeliverAgents();
});

describe.each(SAMPLES)("the $language receiver sample", (sample) => {
  it.skipIf(!installed(sample.probe))(
    "verifies a real delivery, recognises the same webhook-id again, and refuses a wrong signature",
    async () => {
      const port = await freePort();
      const org = await newOrganization(`receiver-${sample.language}`);
      const { id: endpointId } = await newEndpoint(org, { url: `http://127.0.0.1:${port}/webhooks/nfe` });
      const { secret } = await revealSecret(org, endpointId);
      const { command, args, cwd, env } = sample.run(port);
      const child = spawn(command, args, {
        cwd,
        env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: scratch, WEBHOOK_SECRET: secret, PORT: String(port), ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let output = "";
      child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      // php -S says it is listening on stderr in its own words
      await waitFor(`the ${sample.language} receiver to listen`, () => /listening|Development Server/i.test(output), { timeoutMs: 60_000 });

      const published = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
      const delivery = published.deliveries[0]!;
      await waitFor("the delivery to be accepted", async () => (await deliveryState(delivery.id)).status === "succeeded", {
        timeoutMs: 30_000,
      });
      expect(output).toContain(`accepted ${delivery.webhook_id} nfe.authorized`);

      await resendDelivery(org, delivery.id);
      await waitFor("the resend to be recognised", () => output.includes(`duplicate ${delivery.webhook_id}`), { timeoutMs: 30_000 });

      const forged = await fetch(`http://127.0.0.1:${port}/webhooks/nfe`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": "msg_forged",
          "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
          "webhook-signature": "v1,bm90IGEgc2lnbmF0dXJl",
        },
        body: JSON.stringify({ type: "nfe.authorized", timestamp: new Date().toISOString(), data: {} }),
      });
      expect(forged.status).toBe(400);
      await waitFor("the refusal in its output", () => /rejected/.test(output));
      expect(output).not.toContain("accepted msg_forged");
      child.kill("SIGTERM");
    },
    90_000,
  );
});
