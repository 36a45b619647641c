// Per-invoice ordering and sequence numbers. An endpoint with `ordering: "per_invoice"` gets one
// invoice's events strictly in publication order: a later one waits (`waiting`) while an earlier one
// is open, and goes once that one succeeded or failed for good; other invoices never wait for it.
// Every body carries `data.sequence`: per organization and access key, 1, 2, 3… without gaps or
// repeats, however many publish at once.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WEBHOOK_RETRY_SCHEDULE = "1,1"; // three attempts, a second apart
  process.env.AUTO_DISABLE_AFTER_FAILURES = "0";
});

import { POST as resendRoute } from "@/app/api/v1/deliveries/[id]/resend/route";
import { POST as recoverRoute } from "@/app/api/v1/webhooks/[id]/recover/route";
import { pool } from "@/lib/db";
import { deleteEndpoint } from "@/lib/webhooks/endpoints/store";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { releaseWaiting } from "@/lib/webhooks/engine/ordering";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { apiClient, type ApiClient } from "@/test/api-client";
import { deliveryState, statusCounts, waitFor } from "@/test/engine-helpers";
import { accessKeyFor, cnpjFor, endpointAt, invoiceData } from "@/test/log-fixtures";
import { answer, gate, startReceiver, type ReceivedRequest, type Receiver, type Reply } from "@/test/receiver";

let worker: WorkerHandle;
const receivers: Receiver[] = [];

beforeAll(async () => {
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 8, pollIntervalMs: 100 });
});
afterAll(async () => {
  await worker?.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await closeDeliverAgents();
});

interface Body {
  type: string;
  data: { access_key: string; number: string; sequence?: number };
}
const bodyOf = (r: ReceivedRequest) => JSON.parse(r.body) as Body;

async function receiver(reply: Reply) {
  const started = await startReceiver(reply);
  receivers.push(started);
  return started;
}

let organizations = 0;
/** An organization of the test's own (its endpoints get only its events), with an API client. */
const organization = () => apiClient(`ordem-${++organizations}@loja.test`, `Loja Ordem ${organizations} LTDA`);

let invoiceNumber = 1000;
/** An invoice of its own in `api`'s organization: publishes its events one after the other (each its own publish). */
function invoice(api: ApiClient) {
  const number = ++invoiceNumber;
  const key = accessKeyFor(cnpjFor(1), number);
  const types = ["nfe.authorized", "nfe.correction_letter", "nfe.cancelled"];
  return {
    number,
    key,
    publish: async (count: number) => {
      const deliveries = [];
      for (let i = 0; i < count; i++) {
        const type = types[i % types.length]!;
        const published = await publishEvent(api.organizationId, { type, data: invoiceData({ type, number }) });
        deliveries.push(published.deliveries[0]!);
      }
      return deliveries;
    },
  };
}

describe("an endpoint that orders per invoice", () => {
  it("holds an invoice's later event until the earlier one succeeded, while other invoices flow", async () => {
    const api = await organization();
    const slow = invoice(api);
    // the first event of `slow` fails once; its second attempt is held open until the test says so
    const secondAttempt = gate();
    const attempts = new Map<string, number>();
    const hook = await receiver((request, res) => {
      const body = bodyOf(request);
      if (body.data.access_key === slow.key && body.data.sequence === 1) {
        const seen = attempts.get(request.webhookId) ?? 0;
        attempts.set(request.webhookId, seen + 1);
        if (seen === 0) return answer(500)(request, res);
        return void secondAttempt.wait.then(() => answer(200)(request, res));
      }
      answer(200)(request, res);
    });
    const endpointId = await endpointAt(api.organizationId, hook.url, { ordering: "per_invoice" });
    const [first, second, third] = await slow.publish(3);
    const others = [invoice(api), invoice(api), invoice(api)];
    const otherDeliveries = (await Promise.all(others.map((o) => o.publish(2)))).flat();

    // while the first is being retried, the later ones of its invoice wait, visibly
    await waitFor("the later ones to wait", async () => (await statusCounts([second!.id, third!.id])).waiting === 2);
    // …and the other invoices are all delivered meanwhile
    await waitFor("the other invoices", async () => (await statusCounts(otherDeliveries.map((d) => d.id))).succeeded === 6);
    await waitFor("the first to be tried again", () => attempts.get(first!.webhook_id) === 2);
    expect((await deliveryState(first!.id)).status).not.toBe("succeeded");
    expect(hook.events().some((r) => r.webhookId === second!.webhook_id || r.webhookId === third!.webhook_id)).toBe(false);

    const openedAt = Date.now();
    secondAttempt.open();
    await waitFor("the slow invoice", async () => (await statusCounts([first!.id, second!.id, third!.id])).succeeded === 3, {
      timeoutMs: 20_000,
    });
    const ofSlow = hook.events().filter((r) => bodyOf(r).data.access_key === slow.key);
    // strictly in order: 1 (failed), 1 (accepted), 2, 3 — each sent once the one before was accepted
    expect(ofSlow.map((r) => bodyOf(r).data.sequence)).toEqual([1, 1, 2, 3]);
    expect(ofSlow.map((r) => r.webhookId)).toEqual([first, first, second, third].map((d) => d!.webhook_id));
    expect(ofSlow.slice(2).every((r) => r.at >= openedAt)).toBe(true);
    // every other invoice's body carries its own sequence, 1 then 2, and none of them waited for the slow one
    for (const other of others) {
      const arrivals = hook.events().filter((r) => bodyOf(r).data.access_key === other.key);
      expect(arrivals.map((r) => bodyOf(r).data.sequence).sort()).toEqual([1, 2]);
      expect(arrivals.every((r) => r.at < openedAt)).toBe(true);
    }
    expect((await pool().query(`SELECT 1 FROM deliveries WHERE endpoint_id = $1 AND status = 'waiting'`, [endpointId])).rowCount).toBe(0);
  }, 40_000);

  it("releases the later events once the earlier one failed for good", async () => {
    const api = await organization();
    const doomed = invoice(api);
    const hook = await receiver((request, res) => answer(bodyOf(request).data.sequence === 1 ? 503 : 200)(request, res));
    await endpointAt(api.organizationId, hook.url, { ordering: "per_invoice" });
    const [first, second] = await doomed.publish(2);
    await waitFor("the second to be delivered", async () => (await deliveryState(second!.id)).status === "succeeded", {
      timeoutMs: 20_000,
    });
    expect((await deliveryState(first!.id)).status).toBe("failed");
    const arrivals = hook.events();
    expect(arrivals.map((r) => bodyOf(r).data.sequence)).toEqual([1, 1, 1, 2]);
  }, 30_000);

  it("recovers an invoice's failed deliveries in order, and refuses to resend one whose earlier delivery is still open", async () => {
    const api = await organization();
    const broken = invoice(api);
    let accept = false;
    const firstRecovered = gate();
    // failing at first; once recovered, the first of the invoice is held open until the test says so
    const hook = await receiver((request, res) => {
      if (!accept) return answer(500)(request, res);
      if (bodyOf(request).data.sequence === 1) return void firstRecovered.wait.then(() => answer(200)(request, res));
      answer(200)(request, res);
    });
    const endpointId = await endpointAt(api.organizationId, hook.url, { ordering: "per_invoice" });
    const deliveries = await broken.publish(3);
    const ids = deliveries.map((d) => d.id);
    await waitFor("all three to fail for good", async () => (await statusCounts(ids)).failed === 3, { timeoutMs: 30_000 });

    accept = true;
    const before = hook.requests.length;
    const recovered = await api.call(recoverRoute, "POST", `/api/v1/webhooks/${endpointId}/recover`, {
      id: endpointId,
      body: { since: new Date(Date.now() - 3_600_000).toISOString() },
    });
    expect(recovered.status).toBe(202);
    await waitFor("the first to be sent again", () => hook.requests.length > before);
    // the first goes, the later ones wait for it: a resend of the third now would jump the queue
    const third = await api.call(resendRoute, "POST", `/api/v1/deliveries/${ids[2]}/resend`, { id: ids[2] });
    expect(third.status).toBe(409);
    expect(third.json.code).toBe("delivery.waiting_predecessor");
    firstRecovered.open();
    await waitFor("all three delivered", async () => (await statusCounts(ids)).succeeded === 3, { timeoutMs: 20_000 });
    const recoveredArrivals = hook.requests.slice(before).map((r) => r.webhookId);
    expect(recoveredArrivals).toEqual(deliveries.map((d) => d.webhook_id));
  }, 60_000);

  it("answers 409 to a resend of a delivery waiting behind an earlier one, and sends it after", async () => {
    const api = await organization();
    const held = invoice(api);
    const firstAnswer = gate();
    // the invoice's first request is held open until the test says so
    const hook = await receiver((request, res) =>
      bodyOf(request).data.sequence === 1 ? void firstAnswer.wait.then(() => answer(200)(request, res)) : answer(200)(request, res),
    );
    await endpointAt(api.organizationId, hook.url, { ordering: "per_invoice" });
    const [first, second] = await held.publish(2);
    await waitFor("the first to be in flight", () => hook.requests.some((r) => r.webhookId === first!.webhook_id));
    await waitFor("the second to wait", async () => (await deliveryState(second!.id)).status === "waiting");
    const refused = await api.call(resendRoute, "POST", `/api/v1/deliveries/${second!.id}/resend`, { id: second!.id });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("delivery.waiting_predecessor");
    expect(hook.requests.some((r) => r.webhookId === second!.webhook_id)).toBe(false);
    firstAnswer.open();
    await waitFor("both delivered", async () => (await statusCounts([first!.id, second!.id])).succeeded === 2, { timeoutMs: 20_000 });
    expect(hook.events().map((r) => r.webhookId)).toEqual([first!.webhook_id, second!.webhook_id]);
  }, 30_000);
});

describe("deleting an endpoint that orders per invoice", () => {
  it("cancels what waits, as it cancels what is pending", async () => {
    const api = await organization();
    const firstAnswer = gate();
    const hook = await receiver((request, res) => void firstAnswer.wait.then(() => answer(200)(request, res)));
    const endpointId = await endpointAt(api.organizationId, hook.url, { ordering: "per_invoice" });
    const [first, second] = await invoice(api).publish(2);
    await waitFor("the second to wait", async () => (await deliveryState(second!.id)).status === "waiting");
    await deleteEndpoint(api.organizationId, endpointId);
    expect((await deliveryState(second!.id)).status).toBe("cancelled");
    firstAnswer.open();
    // the first was in flight: the receiver accepted it, so the log says so
    await waitFor("the first to be recorded", async () => (await deliveryState(first!.id)).status === "succeeded");
    expect((await deliveryState(second!.id)).status).toBe("cancelled");
    expect(hook.events().map((r) => r.webhookId)).toEqual([first!.webhook_id]);
  });
});

describe("the sweep", () => {
  it("releases a waiting delivery whose earlier one was ended by hand, and only that one", async () => {
    const api = await organization();
    const hook = await receiver(answer(200));
    const endpointId = await endpointAt(api.organizationId, hook.url, { ordering: "per_invoice" });
    await worker.stop(); // nothing sends meanwhile: the states below are the test's own
    try {
      const manual = invoice(api);
      const [first, second, third] = await manual.publish(3);
      await pool().query(`DELETE FROM graphile_worker._private_jobs`);
      await pool().query(`UPDATE deliveries SET status = 'failed', next_attempt_at = NULL WHERE id = $1`, [first!.id]);
      await pool().query(`UPDATE deliveries SET status = 'waiting', next_attempt_at = NULL WHERE id = ANY ($1::uuid[])`, [
        [second!.id, third!.id],
      ]);
      expect(await releaseWaiting(pool())).toBe(1);
      expect((await deliveryState(second!.id)).status).toBe("pending");
      expect((await deliveryState(third!.id)).status).toBe("waiting");
      const { rows } = await pool().query(`SELECT payload FROM graphile_worker._private_jobs`);
      expect(rows.map((r) => (r.payload as { deliveries: string[] }).deliveries)).toEqual([[second!.id]]);
      // switching the ordering off releases whatever still waits
      await pool().query(`UPDATE endpoints SET ordering = 'none' WHERE id = $1`, [endpointId]);
      expect(await releaseWaiting(pool())).toBe(1);
      expect((await deliveryState(third!.id)).status).toBe("pending");
    } finally {
      worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 8, pollIntervalMs: 100 });
    }
  });
});

describe("data.sequence", () => {
  it("numbers each invoice's events 1, 2, 3… without gaps or repeats under concurrent publishing, repeats of an id taking none", async () => {
    const api = await organization();
    const org = api.organizationId;
    const keys = [accessKeyFor(cnpjFor(2), 1), accessKeyFor(cnpjFor(2), 2)];
    const publishes = Array.from({ length: 60 }, (_, i) => {
      const key = keys[i % 2]!;
      // every fifth is a repeat of an earlier id, published at the same time: it stores nothing
      const id = i % 5 === 4 ? `seq-${i - 2}` : `seq-${i}`;
      return publishEvent(org, { type: "nfe.authorized", id, data: { ...invoiceData({ number: 1, cnpj: cnpjFor(2) }), access_key: key } });
    });
    const results = await Promise.all(publishes);
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(48);
    for (const key of keys) {
      const { rows } = await pool().query<{ sequence: number }>(
        `SELECT s.sequence FROM events ev JOIN event_sequences s ON s.event_id = ev.id WHERE ev.organization_id = $1 AND ev.access_key = $2
         ORDER BY s.sequence`,
        [org, key],
      );
      expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    }
    // the publish answer says each event's number; a repeat answers the original's
    expect(new Set(created.map((r) => `${r.event.sequence}`)).size).toBe(24);
    const repeat = results[4]!;
    expect(repeat.created).toBe(false);
    expect(repeat.event.sequence).toBe(results[2]!.event.sequence);
    // another organization's invoice with the same key starts at 1
    const other = await apiClient("outra-ordem@loja.test", "Outra Loja LTDA");
    const theirs = await publishEvent(other.organizationId, {
      type: "nfe.authorized",
      data: { ...invoiceData({ number: 1 }), access_key: keys[0] },
    });
    expect(theirs.event.sequence).toBe(1);
  }, 30_000);
});
