// Deliveries that fail for good: each is a signed `delivery.exhausted` event for the endpoints that
// subscribe, and people get one digest per endpoint an hour, not one message per delivery. A real
// SMTP server, a real worker (2 attempts per delivery, never disabled by count).
import { vi } from "vitest";

const smtp = await vi.hoisted(async () => {
  const { startSmtpSink } = await import("@/test/smtp");
  const sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.APP_URL = "http://painel.test";
  return sink;
});

import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sendExhaustedDigest } from "@/lib/alerts/exhausted";
import { pool, prisma } from "@/lib/db";
import { resendDelivery } from "@/lib/webhooks/engine/resend";
import { deliveryStates, killWorkers, newEndpoint, newOrganization, publishMany, spawnWorker, waitFor } from "@/test/engine-helpers";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

let failing: Receiver;
let watcher: Receiver;
beforeAll(async () => {
  failing = await startReceiver(answer(502, "bad gateway"));
  watcher = await startReceiver(answer(200));
  await spawnWorker({ SMTP_URL: smtp.url, APP_URL: "http://painel.test", AUTO_DISABLE_AFTER_FAILURES: "0", WEBHOOK_RETRY_SCHEDULE: "1" })
    .ready;
});
afterAll(async () => {
  await killWorkers();
  await Promise.all([failing.close(), watcher.close()]);
  await smtp.close();
});

const digests = (endpointId: string) => prisma.message.findMany({ where: { subjectKey: `delivery_exhausted:${endpointId}` } });

it("one event per exhausted delivery, one digest an hour per endpoint", { timeout: 60_000 }, async () => {
  const org = await newOrganization("esgotadas");
  const { id } = await newEndpoint(org, { url: `${failing.url}/erp`, description: "ERP" });
  const { secret } = await newEndpoint(org, { url: `${watcher.url}/monitor`, event_types: ["delivery.exhausted"] });
  const deliveries = (await publishMany(org, 3, 3)).filter((d) => d.endpoint_id === id);

  await waitFor("three deliveries failed for good", async () =>
    (await deliveryStates(deliveries.map((d) => d.id))).every((d) => d.status === "failed"),
  );
  await waitFor("three delivery.exhausted events", () => watcher.events().length >= 3);
  const exhausted = watcher.events().map(
    (r) =>
      new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
        type: string;
        data: { endpoint: { id: string }; delivery: { id: string; attempts: number }; last_error: { status: number } };
      },
  );
  expect(exhausted.map((e) => e.type)).toEqual(["delivery.exhausted", "delivery.exhausted", "delivery.exhausted"]);
  expect(exhausted.map((e) => e.data.delivery.id).sort()).toEqual(deliveries.map((d) => d.id).sort());
  expect(exhausted.every((e) => e.data.endpoint.id === id && e.data.delivery.attempts === 2 && e.data.last_error.status === 502)).toBe(
    true,
  );

  // the first digest went out at once; the others wait an hour after it, in one job
  await waitFor("the first digest", async () => (await digests(id)).length === 1);
  await waitFor("the digest e-mail", () => smtp.mails.length >= 1);
  expect(smtp.mails[0]!.raw.replace(/=\r?\n/g, "")).toMatch(/esgotaram as tentativas/);
  const inFirst = Number(/^(\d+) entrega/.exec((await digests(id))[0]!.textBody)?.[1]);
  expect(inFirst).toBeGreaterThanOrEqual(1);
  if (inFirst < 3) {
    // the rest waits for the next digest, an hour after the first (the last failure schedules it
    // just after announcing itself, so it may still be on its way when the watcher has the event)
    await waitFor("the next digest an hour later", async () => {
      const { rows: later } = await pool().query<{ run_at: Date }>(
        `SELECT run_at FROM graphile_worker.jobs WHERE key = 'alert-exhausted:' || $1::text`,
        [id],
      );
      return later.length === 1 && later[0]!.run_at.getTime() > Date.now() + 55 * 60_000;
    });
  }

  // a failed manual resend is not news: no event
  await resendDelivery(org, deliveries[0]!.id);
  await waitFor("the resend's attempt", async () => (await deliveryStates([deliveries[0]!.id]))[0]!.attempt_count === 3);
  // the next hour's digest counts what failed since the first
  await prisma.message.updateMany({
    where: { subjectKey: `delivery_exhausted:${id}` },
    data: { createdAt: new Date(Date.now() - 2 * 3_600_000) },
  });
  await sendExhaustedDigest(pool(), id);
  expect(await digests(id)).toHaveLength(2);
  expect(watcher.events()).toHaveLength(3);
});
