// Alerts end to end, with a real SMTP server and a chat receiver on loopback and a real worker
// process: an endpoint failing crosses 50 % and 75 % of the auto-disable limit (4 failures here), is
// disabled, is enabled again and recovers. Owners and admins hear about each once, in their language,
// unless they opted out; viewers never; the chat webhook gets the same; an endpoint subscribed to the
// operational events gets them signed, and the failing endpoint never gets one about itself.
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
import { setChatWebhook } from "@/lib/alerts/chat";
import { prisma } from "@/lib/db";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { updateEndpoint } from "@/lib/webhooks/endpoints/store";
import { updateEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { endpointState, invoiceData, killWorkers, newEndpoint, newOrganization, spawnWorker, waitFor } from "@/test/engine-helpers";
import { answer, startReceiver, type ReceivedRequest, type Receiver } from "@/test/receiver";

const OPERATIONAL = ["endpoint.failing", "endpoint.disabled", "endpoint.recovered", "delivery.exhausted"];

let failing: Receiver;
let watcher: Receiver;
let chat: Receiver;
beforeAll(async () => {
  failing = await startReceiver(answer(500, "erro interno"));
  watcher = await startReceiver(answer(200));
  chat = await startReceiver(answer(200));
  await spawnWorker({ SMTP_URL: smtp.url, APP_URL: "http://painel.test", AUTO_DISABLE_AFTER_FAILURES: "4", WEBHOOK_RETRY_SCHEDULE: "300" })
    .ready;
});
afterAll(async () => {
  await killWorkers();
  await Promise.all([failing.close(), watcher.close(), chat.close()]);
  await smtp.close();
});

async function member(org: string, email: string, role: "admin" | "viewer", extra: { locale?: string; alertOptOut?: string[] } = {}) {
  const user = await prisma.user.create({
    data: { email, name: email.split("@")[0]!, passwordHash: "x", locale: extra.locale ?? "pt-BR" },
  });
  await prisma.membership.create({ data: { userId: user.id, organizationId: org, role, alertOptOut: extra.alertOptOut ?? [] } });
}

const messages = (subjectKey: string) =>
  prisma.message.findMany({
    where: { subjectKey },
    select: { toAddress: true, channel: true, subject: true, textBody: true },
    orderBy: { toAddress: "asc" },
  });

const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address)).map((m) => m.raw.replace(/=\r?\n/g, ""));

it(
  "warns at 50 % and 75 %, tells that it was disabled and that it recovered: once each, to who should hear",
  { timeout: 90_000 },
  async () => {
    const org = await newOrganization("alertas");
    const owner = (
      await prisma.membership.findFirstOrThrow({ where: { organizationId: org }, select: { user: { select: { email: true } } } })
    ).user.email;
    await member(org, "admin-en@alertas.test", "admin", { locale: "en" });
    await member(org, "sem-avisos@alertas.test", "admin", { alertOptOut: ["endpoint_failing"] });
    await member(org, "leitor@alertas.test", "viewer");
    await setChatWebhook(org, `${chat.url}/chat/T000/B000/xyz`);

    const subscribed = [...OPERATIONAL, "nfe.authorized"];
    const { id } = await newEndpoint(org, { url: `${failing.url}/erp`, description: "ERP da matriz", event_types: subscribed });
    const { secret: watcherSecret } = await newEndpoint(org, { url: `${watcher.url}/monitor`, event_types: OPERATIONAL });

    // one failure at a time, so each threshold is crossed by its own recording
    const publishOne = async (n: number) => {
      await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
      await waitFor(
        `${n} failure(s)`,
        async () => (await endpointState(id)).consecutive_failures >= n || !(await endpointState(id)).enabled,
      );
    };
    for (const n of [1, 2, 3, 4]) await publishOne(n);
    await waitFor("the endpoint to be disabled", async () => !(await endpointState(id)).enabled);

    const admins = ["admin-en@alertas.test", owner].sort();
    await waitFor("the 50 % and 75 % warnings and the disabled alert", async () => {
      const [w50, w75, off] = await Promise.all([
        messages(`endpoint_failing:${id}:50`),
        messages(`endpoint_failing:${id}:75`),
        messages(`endpoint_disabled:${id}`),
      ]);
      return w50.length === 3 && w75.length === 3 && off.length === 4;
    });
    const w50 = await messages(`endpoint_failing:${id}:50`);
    // owners and admins by e-mail (not the one who opted out of warnings, not the viewer), and the chat
    expect(w50.filter((m) => m.channel === "email").map((m) => m.toAddress)).toEqual(admins);
    expect(w50.filter((m) => m.channel === "chat").map((m) => m.toAddress)).toEqual([new URL(chat.url).host]);
    expect((await messages(`endpoint_disabled:${id}`)).filter((m) => m.channel === "email").map((m) => m.toAddress)).toEqual(
      [...admins, "sem-avisos@alertas.test"].sort(),
    );

    await waitFor("the e-mails to arrive", () => smtp.mails.length >= 7);
    // the e-mails go out in parallel: in any order
    const ptWarning = mailsTo(owner).find((mail) => /50% do limite/.test(mail));
    expect(ptWarning).toMatch(/ERP da matriz/);
    expect(ptWarning).toMatch(/o servidor respondeu 500/);
    expect(ptWarning).toMatch(/50% do limite/);
    expect(ptWarning).toContain(`http://painel.test/account/webhooks/${id}/deliveries`);
    expect(mailsTo("admin-en@alertas.test")[0]).toMatch(/the server answered 500/);
    expect(mailsTo("leitor@alertas.test")).toEqual([]);

    // the chat webhook: Slack/Teams-compatible JSON
    await waitFor("three chat messages", () => chat.requests.length >= 3);
    const chatBodies = chat.requests.map((r) => JSON.parse(r.body) as { text: string });
    expect(chat.requests[0]!.headers["content-type"]).toMatch(/application\/json/);
    expect(chatBodies.map((b) => b.text).join("\n")).toMatch(/Webhook desativado: ERP da matriz/);

    // the watcher got the operational events, signed; the failing endpoint none about itself
    await waitFor("failing ×2 and disabled at the watcher", () => watcher.events().length >= 3);
    const seen = watcher.events().map((r: ReceivedRequest) => {
      const envelope = new Webhook(watcherSecret).verify(r.body, r.headers as Record<string, string>) as {
        type: string;
        data: { endpoint: { id: string }; threshold_percent?: number; last_error: { status: number } | null };
      };
      expect(envelope.data.endpoint.id).toBe(id);
      return envelope.type === "endpoint.failing" ? `${envelope.type}:${envelope.data.threshold_percent}` : envelope.type;
    });
    expect(seen.sort()).toEqual(["endpoint.disabled", "endpoint.failing:50", "endpoint.failing:75"]);
    expect(failing.events().filter((r) => OPERATIONAL.includes(r.type ?? ""))).toEqual([]);

    // enabled again, the receiver fixed: the first success announces the recovery, once
    failing.reply = answer(200);
    await updateEndpoint(org, id, updateEndpointSchema.parse({ enabled: true }));
    await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
    await waitFor("the recovered alert", async () => (await messages(`endpoint_recovered:${id}`)).length === 4);
    await waitFor("endpoint.recovered at the watcher", () => watcher.events().some((r) => r.type === "endpoint.recovered"));
    await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
    await waitFor("the next success", () => failing.events().filter((r) => r.type === "nfe.authorized").length >= 6);
    expect(await messages(`endpoint_recovered:${id}`)).toHaveLength(4);
    expect((await endpointState(id)).enabled).toBe(true);
    expect(await prisma.endpoint.findUniqueOrThrow({ where: { id }, select: { alertLevel: true } })).toEqual({ alertLevel: 0 });

    // failing again within the hour: the 50 % threshold is crossed again (the watcher is told), but
    // nobody gets a second e-mail about it within the hour
    failing.reply = answer(503);
    await publishOne(1);
    await publishOne(2);
    await waitFor(
      "endpoint.failing again at the watcher",
      () => watcher.events().filter((r) => r.type === "endpoint.failing").length === 3,
    );
    expect(await prisma.endpoint.findUniqueOrThrow({ where: { id }, select: { alertLevel: true } })).toEqual({ alertLevel: 50 });
    expect(await messages(`endpoint_failing:${id}:50`)).toHaveLength(3);
  },
);

it("a publisher cannot make an operational event", async () => {
  const org = await newOrganization("publicador");
  const refused = await publishEvent(org, { type: "endpoint.disabled", data: {} }).catch(
    (error: { status: number; body(): unknown }) => error,
  );
  expect(refused).toMatchObject({ status: 422 });
  expect((refused as { body(): unknown }).body()).toMatchObject({ field_codes: { type: ["event_type.system_only"] } });
});
