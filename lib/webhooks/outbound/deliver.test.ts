import type { LookupAddress } from "node:dns";
import type { ServerResponse } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { answer, delayed, refusingUrl, startReceiver, type Receiver, type ReceiverOptions, type Reply } from "@/test/receiver";
import { closeDeliverAgents, deliver, MAX_RESPONSE_BODY_BYTES, parseRetryAfter, USER_AGENT } from "./deliver";
import type { LookupFn } from "./url-policy";

const receivers: Receiver[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => closeDeliverAgents());

/** A loopback receiver, closed after each test. */
async function receiver(reply?: Reply, options?: ReceiverOptions): Promise<Receiver> {
  const started = await startReceiver(reply, options);
  receivers.push(started);
  return started;
}

/** Writes `total` bytes with backpressure; resolves with what was written when the response closes. */
function streamBytes(res: ServerResponse, total: number): Promise<{ written: number; finished: boolean }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    let written = 0;
    const pump = () => {
      while (written < total) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end();
    };
    res.once("close", () => resolve({ written, finished: res.writableFinished }));
    res.writeHead(200, { "content-type": "text/plain" });
    pump();
  });
}

const fakeDns = (...addresses: string[]) =>
  vi.fn<LookupFn>(async () => addresses.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 })));

async function ipv6LoopbackAvailable(): Promise<boolean> {
  const probe = createTcpServer();
  const listening = await new Promise<boolean>((resolve) => {
    probe.once("error", () => resolve(false)).listen(0, "::1", () => resolve(true));
  });
  if (listening) await new Promise<void>((resolve) => probe.close(() => resolve()));
  return listening;
}

const body = JSON.stringify({ type: "nfe.authorized", timestamp: "2026-01-02T03:04:05Z", data: { number: 1 } });
const send = (url: string, extra: Partial<Parameters<typeof deliver>[0]> = {}) =>
  deliver({ url, body, headers: { "webhook-id": "msg_1", "X-Tenant": "loja-42" }, allowPrivate: true, ...extra });

describe("deliver", () => {
  it("POSTs the body with our headers and records the response", async () => {
    const server = await receiver(answer(200, "thanks", { "x-receiver": "seen" }));
    const result = await send(server.url);

    expect(result).toMatchObject({ ok: true, statusCode: 200, responseBody: "thanks", responseBodyTruncated: false });
    expect(result.errorKind).toBeUndefined();
    expect(result.responseHeaders["x-receiver"]).toBe("seen");
    expect(result.requestHeaders).toEqual({
      "content-type": "application/json; charset=utf-8",
      "user-agent": USER_AGENT,
      "webhook-id": "msg_1",
      "X-Tenant": "loja-42",
    });
    const [received] = server.requests;
    expect(received).toMatchObject({ method: "POST", path: "/hooks", body });
    expect(received.headers).toMatchObject({
      "content-type": "application/json; charset=utf-8",
      "user-agent": "NFe-Webhooks/1.0",
      "webhook-id": "msg_1",
      "x-tenant": "loja-42",
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("reports a 500 as an http failure with its body", async () => {
    const server = await receiver(answer(500, "boom"));
    expect(await send(server.url)).toMatchObject({ ok: false, statusCode: 500, errorKind: "http", responseBody: "boom" });
  });

  it("does not follow a redirect and counts it as a failure", async () => {
    const target = await receiver();
    const server = await receiver(answer(302, "", { location: target.url }));
    const result = await send(server.url);

    expect(result).toMatchObject({ ok: false, statusCode: 302, errorKind: "redirect" });
    expect(result.errorMessage).toContain(target.url);
    expect(server.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
    expect(target.connections()).toBe(0);
  });

  it("gives up on a receiver slower than the timeout", async () => {
    const server = await receiver(delayed(2_000, answer(200, "late")));
    const started = performance.now();
    const result = await send(server.url, { timeoutMs: 300 });

    expect(result).toMatchObject({ ok: false, errorKind: "timeout", errorMessage: "no response within 300 ms" });
    expect(result.statusCode).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("keeps a 2xx whose body stalls past the timeout, with the body cut short", async () => {
    const server = await receiver((_request, res) => res.writeHead(200).write("partial"));
    const result = await send(server.url, { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: true, statusCode: 200, responseBody: "partial", responseBodyTruncated: true });
    expect(result.durationMs).toBeLessThan(1_500);
  });

  it("keeps only the first 20 KB of a 10 MB response and returns quickly", async () => {
    const server = await receiver((_request, res) => void streamBytes(res, 10 * 1024 * 1024));
    const started = performance.now();
    const result = await send(server.url);

    expect(result).toMatchObject({ ok: true, statusCode: 200, responseBodyTruncated: true });
    expect(Buffer.byteLength(result.responseBody)).toBe(MAX_RESPONSE_BODY_BYTES);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("hangs up on an endless response instead of downloading it", async () => {
    const total = 256 * 1024 * 1024;
    let serverSide: Promise<{ written: number; finished: boolean }> | undefined;
    const server = await receiver((_request, res) => (serverSide = streamBytes(res, total)));
    const result = await send(server.url);

    expect(result.responseBodyTruncated).toBe(true);
    const { written, finished } = await serverSide!;
    expect(finished).toBe(false);
    expect(written).toBeLessThan(total);
  });

  it("keeps an exactly 20 KB body whole", async () => {
    const exact = "y".repeat(MAX_RESPONSE_BODY_BYTES);
    const server = await receiver(answer(200, exact));
    expect(await send(server.url)).toMatchObject({ ok: true, responseBody: exact, responseBodyTruncated: false });
  });

  it("reports a refused connection", async () => {
    const result = await send(await refusingUrl());
    expect(result).toMatchObject({ ok: false, errorKind: "connect" });
    expect(result.errorMessage).toContain("ECONNREFUSED");
  });

  it("reports a connection that cannot be set up within the connect timeout", async () => {
    const hanging: LookupFn = () => new Promise(() => undefined);
    const started = performance.now();
    const result = await send("http://localhost:1/", { lookup: hanging, connectTimeoutMs: 200, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, errorKind: "connect" });
    expect(result.errorMessage).toMatch(/connect timeout/i);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("reports a TLS failure when the receiver does not speak TLS", async () => {
    const server = await receiver();
    const result = await send(`https://127.0.0.1:${server.port}/`);
    expect(result).toMatchObject({ ok: false, errorKind: "tls" });
  });

  it("reports a name that does not resolve", async () => {
    const lookup: LookupFn = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND localhost"), { code: "ENOTFOUND" });
    };
    expect(await send("http://localhost:1/", { lookup })).toMatchObject({ ok: false, errorKind: "dns" });
  });

  it("stops when the caller aborts", async () => {
    const controller = new AbortController();
    const server = await receiver(() => controller.abort()); // and never answers
    const result = await send(server.url, { signal: controller.signal });
    expect(result).toMatchObject({ ok: false, errorKind: "timeout", errorMessage: "request aborted" });
  });

  it("refuses a URL the policy does not accept, without throwing", async () => {
    expect(await send("ftp://127.0.0.1/")).toMatchObject({ ok: false, errorKind: "blocked" });
    expect(await send("http://user:pw@127.0.0.1/")).toMatchObject({ ok: false, errorKind: "blocked" });
  });
});

describe("deliver: outbound address policy", () => {
  it.each(["127.0.0.1", "127.1", "2130706433", "0x7f000001"])(
    "refuses the loopback literal %s without connecting when private addresses are not allowed",
    async (host) => {
      const server = await receiver();
      const result = await send(`http://${host}:${server.port}/`, { allowPrivate: false });
      expect(result).toMatchObject({ ok: false, errorKind: "blocked", errorMessage: "127.0.0.1 is a loopback address" });
      expect(server.connections()).toBe(0);
    },
  );

  it("refuses localhost when its lookup answers loopback", async () => {
    const server = await receiver();
    const lookup = fakeDns("127.0.0.1");
    const result = await send(`http://localhost:${server.port}/`, { allowPrivate: false, lookup });

    expect(result).toMatchObject({ ok: false, errorKind: "blocked", errorMessage: "localhost resolves to 127.0.0.1, a loopback address" });
    expect(lookup).toHaveBeenCalledWith("localhost");
    expect(server.connections()).toBe(0);
  });

  it("refuses a name that resolves to a private address, without any connection", async () => {
    // Canary first: proves the injected lookup is consulted and obeyed, with loopback as the only possible
    // target (localhost comes from /etc/hosts even if the lookup were ignored), before a private answer is used.
    const canary = await receiver();
    const canaryLookup = fakeDns("127.0.0.1");
    const canaryResult = await send(`http://localhost:${canary.port}/`, { allowPrivate: false, lookup: canaryLookup });
    expect(canaryResult.errorKind).toBe("blocked");
    expect(canaryLookup).toHaveBeenCalledTimes(1);
    expect(canary.connections()).toBe(0);

    const lookup = fakeDns("10.0.0.1");
    const result = await send("http://evil.test/", { allowPrivate: false, lookup });
    expect(result).toMatchObject({ ok: false, errorKind: "blocked", errorMessage: "evil.test resolves to 10.0.0.1, a private address" });
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup).toHaveBeenCalledWith("evil.test");
  });

  it("connects to the address the injected lookup answers when private addresses are allowed", async () => {
    // /etc/hosts says 127.0.0.1, so reaching a receiver on 127.0.0.2 proves the injected answer was used.
    const server = await receiver(undefined, { host: "127.0.0.2" });
    const result = await send(`http://localhost:${server.port}/`, { lookup: fakeDns("127.0.0.2") });
    expect(result).toMatchObject({ ok: true, statusCode: 200 });
    expect(server.requests[0].headers.host).toBe(`localhost:${server.port}`);
  });

  it.each(["127.1", "2130706433", "0x7f000001", "0177.0.0.1"])("reaches the loopback variant %s when allowed", async (host) => {
    const server = await receiver();
    expect(await send(`http://${host}:${server.port}/`)).toMatchObject({ ok: true, statusCode: 200 });
    expect(server.requests).toHaveLength(1);
  });

  it("reaches [::1] and [::ffff:127.0.0.1] when allowed (if this host has IPv6 loopback)", async (ctx) => {
    if (!(await ipv6LoopbackAvailable())) return ctx.skip();
    const v6 = await receiver(undefined, { host: "::1" });
    const v4 = await receiver();
    expect(await send(`http://[::1]:${v6.port}/`)).toMatchObject({ ok: true });
    expect(await send(`http://[::ffff:127.0.0.1]:${v4.port}/`)).toMatchObject({ ok: true });
    expect(await send(`http://[::1]:${v6.port}/`, { allowPrivate: false })).toMatchObject({ errorKind: "blocked" });
    expect(v6.requests).toHaveLength(1);
    expect(v4.requests).toHaveLength(1);
  });

  it("never lets a connection pooled under allowPrivate serve a stricter call", async () => {
    const server = await receiver();
    expect(await send(server.url)).toMatchObject({ ok: true });
    expect(await send(server.url, { allowPrivate: false })).toMatchObject({ errorKind: "blocked" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("deliver: connection pooling", () => {
  it("reuses keep-alive connections for consecutive deliveries", async () => {
    const server = await receiver();
    for (let i = 0; i < 10; i++) expect((await send(server.url)).ok).toBe(true);
    expect(server.requests).toHaveLength(10);
    // undici hands a socket back to the pool a tick after the body ends, so the second call may open one more.
    expect(server.connections()).toBeLessThanOrEqual(2);
  });

  it("closeDeliverAgents closes the pools and the next delivery opens a new one", async () => {
    const server = await receiver();
    expect((await send(server.url)).ok).toBe(true);
    await closeDeliverAgents();
    expect((await send(server.url)).ok).toBe(true);
    expect(server.connections()).toBe(2);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");

  it.each([
    ["120", 120],
    [" 0 ", 0],
    ["Sun, 01 Mar 2026 12:01:30 GMT", 90],
    ["Sunday, 01-Mar-26 12:00:10 GMT", 10],
    ["Sun, 01 Mar 2026 11:00:00 GMT", 0],
  ])("reads %j as %i seconds", (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it.each([undefined, "", "soon", "1.5", "-5", "12abc"])("ignores %j", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it("is returned from a 429 or 503 response", async () => {
    const server = await receiver(answer(429, "", { "retry-after": "30" }));
    expect(await send(server.url)).toMatchObject({ ok: false, statusCode: 429, errorKind: "http", retryAfterSeconds: 30 });
  });
});
