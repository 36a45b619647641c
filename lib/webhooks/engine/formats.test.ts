// Payload formats end to end: endpoints in different formats get the same event, each in its own
// body, each signed (Standard Webhooks headers on every format), Fast Notas with its Content-Type,
// Cobrato with its secret header and {"test": true} test request; a format that cannot express an
// event gets no delivery of it; "Ocultar dados pessoais" removes personal fields before signing and
// the attempt records the format, so the log shows exactly the body that was sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { pool } from "@/lib/db";
import { pingEndpoint } from "@/lib/webhooks/endpoints/ping";
import { revealSecret } from "@/lib/webhooks/endpoints/secrets";
import { createEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints/store";
import { createEndpointSchema, updateEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import { getDelivery } from "@/lib/webhooks/log/deliveries";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { invoiceData, newOrganization, waitFor } from "@/test/engine-helpers";
import { answer, startReceiver, type ReceivedRequest, type Receiver } from "@/test/receiver";

let worker: WorkerHandle;
let org: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  org = await newOrganization("formats");
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 4, pollIntervalMs: 100 });
});
afterAll(async () => {
  await worker?.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await closeDeliverAgents();
});

async function endpointIn(input: Record<string, unknown>) {
  const receiver = await startReceiver(answer(200));
  receivers.push(receiver);
  const { endpoint } = await createEndpoint(org, createEndpointSchema.parse({ url: receiver.url, ...input }));
  const { secret } = await revealSecret(org, endpoint.id);
  return { id: endpoint.id, receiver, secret };
}

const verify = (secret: string, request: ReceivedRequest) =>
  new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as Record<string, unknown>;

const person = { cpf: "12345678909", email: "maria@exemplo.com.br", phone: "+55 11 98888-7777", name: "Maria" };

describe("an event published once", () => {
  it("reaches each endpoint in its own format, signed, and none whose format cannot express it", async () => {
    const standard = await endpointIn({ skip_verification: true });
    const redacted = await endpointIn({ skip_verification: true, redact_personal: true });
    const fast = await endpointIn({ skip_verification: true, payload_format: "fast_notas" });
    const emites = await endpointIn({ skip_verification: true, payload_format: "emites" });
    const thin = await endpointIn({ skip_verification: true, payload_format: "thin" });
    // Cobrato: its test request and its secret, in the header named for it, on every request
    const cobrato = await endpointIn({ payload_format: "cobrato", cobrato_secret: "meu-segredo", cobrato_secret_header: "X-Secret" });
    expect(cobrato.receiver.requests).toHaveLength(1);
    expect(JSON.parse(cobrato.receiver.requests[0]!.body)).toEqual({ test: true });
    expect(cobrato.receiver.requests[0]!.headers["x-secret"]).toBe("meu-segredo");

    const data = invoiceData({ recipient: { cnpj: undefined, ...person } });
    const published = await publishEvent(org, { type: "nfe.authorized", data });
    expect(published.deliveries).toHaveLength(6);
    // an NFS-e: Emites cannot express it, so its endpoint gets no delivery of it
    const nfse = await publishEvent(org, { type: "nfse.authorized", data: invoiceData({}, "nfse.authorized") });
    expect(nfse.deliveries.map((d) => d.endpoint_id)).not.toContain(emites.id);
    expect(nfse.deliveries).toHaveLength(5);

    const all = [standard, redacted, fast, emites, thin, cobrato];
    await waitFor("every body", () =>
      all.every((e) =>
        e.receiver.requests.some((r) => r.webhookId === published.deliveries.find((d) => d.endpoint_id === e.id)!.webhook_id),
      ),
    );
    // the request of this event (a Cobrato test request has no envelope type: found by webhook-id)
    const first = (e: (typeof all)[number]) =>
      e.receiver.requests.find((r) => r.webhookId === published.deliveries.find((d) => d.endpoint_id === e.id)!.webhook_id)!;

    // every format is signed with Standard Webhooks
    for (const e of all) expect(() => verify(e.secret, first(e))).not.toThrow();
    expect(verify(standard.secret, first(standard))).toMatchObject({ type: "nfe.authorized", data: { recipient: person, sequence: 1 } });
    const hidden = verify(redacted.secret, first(redacted)) as { data: { recipient: Record<string, unknown> } };
    expect(hidden.data.recipient).toEqual({ name: "Maria" });
    expect(first(redacted).body).not.toContain("12345678909");
    expect(verify(fast.secret, first(fast))).toMatchObject({
      event: { type: "document_success", data: { document: { access_key: data.access_key } } },
    });
    expect(first(fast).headers["content-type"]).toBe("application/json; charset=UTF-8");
    expect(verify(emites.secret, first(emites))).toEqual({ object_type: "NFe", object_id: 4242, organization_id: 1, event: "succeeded" });
    const thinBody = verify(thin.secret, first(thin)) as { data: Record<string, unknown> };
    expect(Object.keys(thinBody.data).sort()).toEqual([
      "access_key",
      "company_cnpj",
      "environment",
      "number",
      "sequence",
      "series",
      "status",
      "url",
    ]);
    expect(first(cobrato).headers["x-secret"]).toBe("meu-segredo");
    expect(verify(cobrato.secret, first(cobrato))).toMatchObject({ type: "nfe.authorized" });

    // the log shows the very bytes sent, and the format they were sent in
    for (const [e, format] of [
      [redacted, "standard+redacted"],
      [emites, "emites"],
      [standard, "standard"],
    ] as const) {
      const id = published.deliveries.find((d) => d.endpoint_id === e.id)!.id;
      await waitFor("the attempt on record", async () => (await getDelivery(org, id)).delivery.attempts.length === 1);
      const { delivery } = await getDelivery(org, id);
      expect(delivery.request).toEqual({ body: first(e).body, body_format: format });
      expect(delivery.attempts[0]!.body_format).toBe(format);
    }

    // the ping of a Cobrato endpoint is its test request again
    const ping = await pingEndpoint(org, cobrato.id);
    expect(ping.ok).toBe(true);
    expect(JSON.parse(cobrato.receiver.pings().at(-1)?.body ?? cobrato.receiver.requests.at(-1)!.body)).toEqual({ test: true });
  }, 30_000);

  it("keeps the format each attempt was sent in after the endpoint changes format", async () => {
    const hook = await endpointIn({ skip_verification: true });
    const before = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
    const id = before.deliveries.find((d) => d.endpoint_id === hook.id)!.id;
    await waitFor("the first delivery", async () => (await getDelivery(org, id)).delivery.attempts.length === 1);
    await updateEndpoint(org, hook.id, updateEndpointSchema.parse({ payload_format: "emites" }));
    const after = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
    await waitFor("the second body", () => hook.receiver.events().length === 2);
    expect(JSON.parse(hook.receiver.events()[1]!.body)).toMatchObject({ event: "succeeded" });
    expect((await getDelivery(org, id)).delivery.request.body_format).toBe("standard");
    expect(JSON.parse((await getDelivery(org, id)).delivery.request.body)).toMatchObject({ type: "nfe.authorized" });
    const later = after.deliveries.find((d) => d.endpoint_id === hook.id)!.id;
    await waitFor("the second on record", async () => (await getDelivery(org, later)).delivery.attempts.length === 1);
    expect((await getDelivery(org, later)).delivery.request.body_format).toBe("emites");
  }, 30_000);

  it("refuses a Cobrato endpoint without its secret, naming the field", async () => {
    await expect(
      createEndpoint(org, createEndpointSchema.parse({ url: "http://127.0.0.1:9/x", payload_format: "cobrato" })),
    ).rejects.toMatchObject({
      status: 422,
      problems: { cobrato_secret: [{ code: "blank" }] },
    });
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM endpoints WHERE organization_id = $1 AND url = 'http://127.0.0.1:9/x'`,
      [org],
    );
    expect(rows[0].n).toBe(0);
  });
});
