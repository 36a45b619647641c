// Who may use the delivery log: another organization's ids answer exactly 404 on every log route and
// change nothing; a viewer can read the log but not resend or recover. Real session cookies; the role
// comes from the membership rows, as in production.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/accounts";

import { GET as deliveryRoute } from "@/app/api/v1/deliveries/[id]/route";
import { POST as resendRoute } from "@/app/api/v1/deliveries/[id]/resend/route";
import { GET as failuresRoute } from "@/app/api/v1/deliveries/route";
import { POST as bulkResendRoute } from "@/app/api/v1/deliveries/resend/route";
import { GET as eventsRoute } from "@/app/api/v1/events/route";
import { GET as eventRoute } from "@/app/api/v1/events/[id]/route";
import { POST as eventResendRoute } from "@/app/api/v1/events/[id]/resend/route";
import { GET as deliveriesRoute } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { GET as healthRoute } from "@/app/api/v1/webhooks/[id]/health/route";
import { POST as recoverRoute } from "@/app/api/v1/webhooks/[id]/recover/route";
import { sessionUserFor } from "@/lib/auth/accounts";
import { pool, prisma } from "@/lib/db";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { runJob } from "@/test/engine-helpers";
import { apiClient, callRoute, type ApiClient, type ApiResponse, sessionHeaders } from "@/test/api-client";
import { accessKeyFor, cnpjFor, endpointAt, publishInvoice } from "@/test/log-fixtures";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

type Handler = Parameters<typeof callRoute>[0];
type Call = readonly [name: string, handler: Handler, method: string, path: string, id: string, body?: unknown];

let hook: Receiver;
let owner: ApiClient;
let stranger: ApiClient;
let endpointId: string;
let strangerEndpointId: string;
let eventId: string;
let delivered: string;
let failed: string;
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString();

/** Every log route, aimed at the owner's endpoint, delivery and event. */
function logRoutes(): Call[] {
  return [
    ["deliveries list", deliveriesRoute, "GET", `/api/v1/webhooks/${endpointId}/deliveries`, endpointId],
    ["delivery detail", deliveryRoute, "GET", `/api/v1/deliveries/${delivered}`, delivered],
    ["health", healthRoute, "GET", `/api/v1/webhooks/${endpointId}/health`, endpointId],
    ["event detail", eventRoute, "GET", `/api/v1/events/${eventId}`, eventId],
    ["resend", resendRoute, "POST", `/api/v1/deliveries/${delivered}/resend`, delivered],
    ["recover", recoverRoute, "POST", `/api/v1/webhooks/${endpointId}/recover`, endpointId, { since: yesterday() }],
    ["event resend", eventResendRoute, "POST", `/api/v1/events/${eventId}/resend`, eventId],
  ];
}

/** What a wrongly allowed call would change: delivery states, attempts, queued jobs, requests sent. */
async function state() {
  const { rows } = await pool().query(
    `SELECT d.id, d.status, d.attempt_count, d.updated_at, (SELECT count(*) FROM attempts a WHERE a.delivery_id = d.id)::int AS attempts
     FROM deliveries d ORDER BY d.id`,
  );
  const jobs = await pool().query(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`);
  return { deliveries: rows, jobs: jobs.rows[0].n as number, requests: hook.requests.length };
}

beforeAll(async () => {
  hook = await startReceiver(answer(200));
  owner = await apiClient("dona@padaria.test", "Padaria LTDA");
  stranger = await apiClient("intruso@mercado.test", "Mercado SA");
  endpointId = await endpointAt(owner.organizationId, hook.url);
  strangerEndpointId = await endpointAt(stranger.organizationId, hook.url);
  const first = await publishInvoice(owner.organizationId, { number: 1, cnpj: cnpjFor(5) });
  const second = await publishInvoice(owner.organizationId, { number: 2, cnpj: cnpjFor(5) });
  eventId = first.event.id;
  delivered = first.deliveries[0]!.id;
  failed = second.deliveries[0]!.id;
  await runJob([delivered]);
  await pool().query(`UPDATE deliveries SET status = 'failed' WHERE id = $1`, [failed]);
  expect(hook.requests).toHaveLength(1);
});
afterAll(async () => {
  await hook.close();
  await closeDeliverAgents();
});

const call = (client: ApiClient, [, handler, method, path, id, body]: Call): Promise<ApiResponse> =>
  client.call(handler, method, path, { id, body });

describe("another organization", () => {
  it("gets exactly 404 JSON on every log route with the owner's ids, and nothing changes", async () => {
    const before = await state();
    for (const route of logRoutes()) {
      const response = await call(stranger, route);
      expect(response.status, route[0]).toBe(404);
      expect(response.headers.get("content-type"), route[0]).toMatch(/^application\/json/);
      expect(response.json, route[0]).toEqual({ errors: [expect.stringMatching(/not found/)], code: "not_found" });
    }
    expect(await state()).toEqual(before);
  });

  it("finds none of the owner's deliveries or events by searching its own log", async () => {
    for (const q of [eventId, messageId(delivered), accessKeyFor(cnpjFor(5), 1), cnpjFor(5), "1"]) {
      const log = await stranger.call(deliveriesRoute, "GET", `/api/v1/webhooks/${strangerEndpointId}/deliveries?q=${q}`, {
        id: strangerEndpointId,
      });
      expect([log.status, log.json.deliveries], q).toEqual([200, []]);
      const events = await stranger.call(eventsRoute, "GET", `/api/v1/events?q=${q}`);
      expect([events.status, events.json.events], q).toEqual([200, []]);
    }
  });

  it("is refused where the owner, with the same requests, succeeds", async () => {
    const statuses = [];
    for (const route of logRoutes()) statuses.push((await call(owner, route)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 202, 202, 202]);
    // resends are queued for the worker: the jobs exist, nothing was sent inside the request
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE payload->>'trigger' = 'manual'`,
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });
});

describe("a viewer of the organization", () => {
  let viewer: SessionUser;
  let admin: SessionUser;

  beforeAll(async () => {
    const user = await prisma.user.create({ data: { email: "leitor@padaria.test", name: "Leitor", passwordHash: "unused" } });
    await prisma.membership.create({ data: { userId: user.id, organizationId: owner.organizationId, role: "viewer" } });
    viewer = (await sessionUserFor(user.id))!;
    admin = (await sessionUserFor(owner.userId))!;
  });

  /** A same-origin dashboard request with the user's session cookie, no token. */
  async function asUser(user: SessionUser, [, handler, method, path, id, body]: Call) {
    return callRoute(handler, method, path, { id, body, headers: await sessionHeaders(user) });
  }

  it("reads the log, a delivery, the event and the health", async () => {
    expect(viewer).toMatchObject({ role: "viewer", organizationId: owner.organizationId });
    for (const route of logRoutes().filter((r) => r[2] === "GET")) {
      const response = await asUser(viewer, route);
      expect(response.status, route[0]).toBe(200);
    }
    const events = await asUser(viewer, ["events", eventsRoute, "GET", "/api/v1/events", ""]);
    expect(events.json.events.map((e: { id: string }) => e.id)).toContain(eventId);
  });

  it("gets 403 on resend, recover and event resend, and nothing changes; an admin's same request is accepted", async () => {
    await pool().query(`UPDATE deliveries SET status = 'failed' WHERE id = $1`, [failed]);
    const before = await state();
    const changes = logRoutes().filter((r) => r[2] === "POST");
    expect(changes.map((r) => r[0])).toEqual(["resend", "recover", "event resend"]);
    for (const route of changes) {
      const response = await asUser(viewer, route);
      expect(response.status, route[0]).toBe(403);
      expect(response.json, route[0]).toEqual({ errors: [expect.stringMatching(/role/)], code: "role.forbidden" });
    }
    expect(await state()).toEqual(before);
    const byAdmin = await asUser(admin, changes[1]!);
    expect([byAdmin.status, byAdmin.json.count]).toEqual([202, 1]);
  });

  it("sees the failures but gets 403 on resending a selection of them, and nothing changes", async () => {
    await pool().query(`UPDATE deliveries SET status = 'failed' WHERE id = $1`, [failed]);
    const listed = await callRoute(failuresRoute, "GET", "/api/v1/deliveries", { headers: await sessionHeaders(viewer) });
    expect([listed.status, listed.json.deliveries.map((d: { id: string }) => d.id)]).toEqual([200, [failed]]);
    const before = await state();
    const refused = await callRoute(bulkResendRoute, "POST", "/api/v1/deliveries/resend", {
      body: { ids: [failed] },
      headers: await sessionHeaders(viewer),
    });
    expect([refused.status, refused.json.code]).toEqual([403, "role.forbidden"]);
    expect(await state()).toEqual(before);
  });
});
