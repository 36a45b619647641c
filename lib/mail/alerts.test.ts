// When the worker disables an endpoint, the organization's owners and admins get an e-mail naming it,
// how long it failed and the last error in plain words — once an hour per endpoint at most. A real
// SMTP server on loopback, a real worker process.
import { vi } from "vitest";

const smtp = await vi.hoisted(async () => {
  const { startSmtpSink } = await import("@/test/smtp");
  const sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.APP_URL = "http://painel.test";
  return sink;
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { updateEndpoint } from "@/lib/webhooks/endpoints/store";
import { updateEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { endpointState, killWorkers, newEndpoint, newOrganization, publishMany, spawnWorker, waitFor } from "@/test/engine-helpers";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver(answer(500, "erro interno"));
  await spawnWorker({ SMTP_URL: smtp.url, APP_URL: "http://painel.test", AUTO_DISABLE_AFTER_FAILURES: "3", WEBHOOK_RETRY_SCHEDULE: "30" })
    .ready;
});
afterAll(async () => {
  await killWorkers();
  await receiver.close();
  await smtp.close();
});

it("tells owners and admins, not viewers, that an endpoint was disabled, once an hour", { timeout: 60_000 }, async () => {
  const org = await newOrganization("alertas");
  const owner = await prisma.membership.findFirstOrThrow({ where: { organizationId: org }, select: { user: { select: { email: true } } } });
  for (const [email, role] of [
    ["admin@alertas.test", "admin"],
    ["leitor@alertas.test", "viewer"],
  ] as const) {
    const user = await prisma.user.create({ data: { email, name: role, passwordHash: "x" } });
    await prisma.membership.create({ data: { userId: user.id, organizationId: org, role } });
  }
  const { id } = await newEndpoint(org, { url: `${receiver.url}/erp`, description: "ERP da matriz" });
  await publishMany(org, 3, 3);
  await waitFor("the endpoint to be disabled", async () => !(await endpointState(id)).enabled, { timeoutMs: 20_000 });
  await waitFor("two e-mails", () => smtp.mails.length >= 2, { timeoutMs: 20_000 });

  expect(smtp.mails.flatMap((m) => m.to).sort()).toEqual(["admin@alertas.test", owner.user.email].sort());
  const text = smtp.mails[0]!.raw.replace(/=\r?\n/g, "");
  expect(text).toMatch(/ERP da matriz/);
  expect(text).toMatch(/o servidor respondeu 500/);
  expect(text).toContain(`http://painel.test/account/webhooks/${id}`);

  // enabled and disabled again within the hour: no second alert
  await updateEndpoint(org, id, updateEndpointSchema.parse({ enabled: true }));
  await publishMany(org, 3, 3);
  await waitFor("the endpoint to be disabled again", async () => !(await endpointState(id)).enabled, { timeoutMs: 20_000 });
  expect(await prisma.message.count({ where: { subjectKey: `endpoint_disabled:${id}` } })).toBe(2);
});
