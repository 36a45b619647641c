import type { LookupAddress } from "node:dns";
import { createServer, connect, type AddressInfo, type Server } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BlockedAddressError,
  checkLiteralHost,
  checkUrl,
  classifyAddress,
  isAddressAllowed,
  normalizeHost,
  parseWebhookUrl,
  policyLookup,
  privateUrlsAllowed,
  type AddressClass,
  type LookupFn,
} from "./url-policy";

const answers = (...addresses: string[]): LookupAddress[] =>
  addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

const fakeDns = (...addresses: string[]) => vi.fn<LookupFn>(async () => answers(...addresses));

const neverCalled: LookupFn = async (hostname) => {
  throw new Error(`unexpected DNS lookup of ${hostname}`);
};

describe("classifyAddress", () => {
  const table: [string, AddressClass][] = [
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.169.254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["168.63.129.16", "metadata"],
    ["169.254.1.1", "link-local"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["192.0.2.10", "documentation"],
    ["203.0.113.7", "documentation"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["fec0::1", "site-local"],
    ["fc00::1", "unique-local"],
    ["fd00::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["fd00:ec2::254", "metadata"],
    ["2001:db8::1", "documentation"],
    ["4000::1", "reserved"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:a00:1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::127.0.0.1", "loopback"],
    ["::ffff:0:10.0.0.1", "private"],
    ["64:ff9b::a00:1", "private"],
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::7f00:1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["64:ff9b:1::1", "private"],
    ["2002:a00:1::", "private"],
    ["2002:7f00:1::1", "loopback"],
    ["2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"], // Teredo, client 10.0.0.1 stored inverted
    ["2130706433", "loopback"],
    ["0x7f000001", "loopback"],
    ["0177.0.0.1", "loopback"],
    ["127.1", "loopback"],
    ["not-an-address", "reserved"],
  ];
  it.each(table)("classifies %s as %s", (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700::1111",
    "2a00:1450:4001::200e",
    "::ffff:93.184.216.34",
    "64:ff9b::5db8:d822",
    "2002:5db8:d822::1",
  ])("classifies %s as public", (ip) => {
    expect(classifyAddress(ip)).toBe("public");
  });
});

describe("normalizeHost", () => {
  it.each([
    ["127.1", "127.0.0.1"],
    ["127.0.1", "127.0.0.1"],
    ["2130706433", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["0X7F000001", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["017700000001", "127.0.0.1"],
    ["0x7f.1", "127.0.0.1"],
    ["0x7f.0.0x0.01", "127.0.0.1"],
    ["10.0.0.1.", "10.0.0.1"],
    ["0x", "0.0.0.0"],
    ["167772161", "10.0.0.1"],
  ])("turns %s into %s, as the URL parser does", (host, dotted) => {
    expect(normalizeHost(host)).toBe(dotted);
    expect(new URL(`http://${host}/`).hostname).toBe(dotted);
  });

  it("strips IPv6 brackets and lower-cases names", () => {
    expect(normalizeHost("[::1]")).toBe("::1");
    expect(normalizeHost("[::FFFF:7F00:1]")).toBe("::ffff:7f00:1");
    expect(normalizeHost("Hooks.Example.COM")).toBe("hooks.example.com");
  });

  it("leaves names that only look numeric alone", () => {
    expect(normalizeHost("1.2.3.256")).toBe("1.2.3.256");
    expect(normalizeHost("09.1.1.1")).toBe("09.1.1.1");
    expect(normalizeHost("1.2.3.4.5")).toBe("1.2.3.4.5");
    expect(normalizeHost("4294967296")).toBe("4294967296");
  });
});

describe("parseWebhookUrl", () => {
  it("accepts http and https URLs", () => {
    const parsed = parseWebhookUrl("https://hooks.example.com/nfe?x=1");
    expect(parsed.ok && parsed.url.hostname).toBe("hooks.example.com");
    expect(parseWebhookUrl("http://93.184.216.34:8080/").ok).toBe(true);
  });

  it.each([
    ["ftp://hooks.example.com/", "scheme"],
    ["javascript:alert(1)", "scheme"],
    ["file:///etc/passwd", "scheme"],
    ["data:text/plain,hi", "scheme"],
    ["https://user:pass@hooks.example.com/", "userinfo"],
    ["https://user@hooks.example.com/", "userinfo"],
    ["https://:pass@hooks.example.com/", "userinfo"],
    ["not a url", "invalid_url"],
    ["http://", "invalid_url"],
    ["http://1.2.3.999/", "invalid_url"],
    [`https://hooks.example.com/${"a".repeat(2049 - 26)}`, "too_long"],
  ])("refuses %s (%s)", (raw, code) => {
    const parsed = parseWebhookUrl(raw);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.code).toBe(code);
  });

  it("accepts exactly 2048 characters and refuses 2049", () => {
    const base = "https://hooks.example.com/";
    expect(parseWebhookUrl(base + "a".repeat(2048 - base.length)).ok).toBe(true);
    expect(parseWebhookUrl(base + "a".repeat(2049 - base.length))).toMatchObject({ ok: false, code: "too_long" });
  });
});

describe("checkUrl", () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each([
    ["http://10.0.0.1/", "10.0.0.1 is a private address"],
    ["http://172.16.0.1/", "172.16.0.1 is a private address"],
    ["http://192.168.1.1/", "192.168.1.1 is a private address"],
    ["http://169.254.169.254/latest/meta-data", "169.254.169.254 is a cloud metadata address"],
    ["http://100.64.0.1/", "100.64.0.1 is a carrier-grade NAT address"],
    ["http://0.0.0.0/", "0.0.0.0 is an unspecified address"],
    ["http://224.0.0.1/", "224.0.0.1 is a multicast address"],
    ["http://255.255.255.255/", "255.255.255.255 is a broadcast address"],
    ["http://127.0.0.1:3000/", "127.0.0.1 is a loopback address"],
    ["http://127.1/", "127.0.0.1 is a loopback address"],
    ["http://2130706433/", "127.0.0.1 is a loopback address"],
    ["http://0x7f000001/", "127.0.0.1 is a loopback address"],
    ["http://0177.0.0.1/", "127.0.0.1 is a loopback address"],
    ["http://[::1]/", "::1 is a loopback address"],
    ["http://[fe80::1]/", "fe80::1 is a link-local address"],
    ["http://[fc00::1]/", "fc00::1 is a unique local address"],
    ["http://[fd00::1]/", "fd00::1 is a unique local address"],
    ["http://[::ffff:10.0.0.1]/", "::ffff:a00:1 is a private address"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 is a loopback address"],
    ["http://[64:ff9b::a00:1]/", "64:ff9b::a00:1 is a private address"],
    ["http://[2002:a00:1::]/", "2002:a00:1:: is a private address"],
  ])("refuses %s: %s", async (raw, message) => {
    expect(await checkUrl(raw, { allowPrivate: false, lookup: neverCalled })).toEqual({ ok: false, code: "blocked", message });
  });

  it("accepts public IP literals without any lookup", async () => {
    const v4 = await checkUrl("https://93.184.216.34/hook", { allowPrivate: false, lookup: neverCalled });
    const v6 = await checkUrl("https://[2606:4700::1111]/hook", { allowPrivate: false, lookup: neverCalled });
    expect(v4).toMatchObject({ ok: true, addresses: ["93.184.216.34"] });
    expect(v6).toMatchObject({ ok: true, addresses: ["2606:4700::1111"] });
  });

  it("accepts a name whose every address is public", async () => {
    const lookup = fakeDns("93.184.216.34", "2606:4700::1111");
    const result = await checkUrl("https://Hooks.Example.com/nfe", { allowPrivate: false, lookup });
    expect(result).toMatchObject({ ok: true, addresses: ["93.184.216.34", "2606:4700::1111"] });
    expect(lookup).toHaveBeenCalledWith("hooks.example.com");
  });

  it("refuses a name with one private address among public ones", async () => {
    const lookup = fakeDns("93.184.216.34", "2606:4700::1111", "10.0.0.1");
    expect(await checkUrl("https://hooks.example.com/", { allowPrivate: false, lookup })).toEqual({
      ok: false,
      code: "blocked",
      message: "hooks.example.com resolves to 10.0.0.1, a private address",
    });
  });

  it("refuses a name that resolves to an IPv4-mapped loopback address", async () => {
    const result = await checkUrl("https://sneaky.example/", { allowPrivate: false, lookup: fakeDns("::ffff:127.0.0.1") });
    expect(result).toMatchObject({ ok: false, code: "blocked" });
  });

  it("reports names that do not resolve", async () => {
    const failing: LookupFn = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect(await checkUrl("https://nowhere.example/", { allowPrivate: false, lookup: failing })).toEqual({
      ok: false,
      code: "dns",
      message: "nowhere.example could not be resolved",
    });
    expect(await checkUrl("https://empty.example/", { allowPrivate: false, lookup: fakeDns() })).toMatchObject({ code: "dns" });
  });

  it("lets allowPrivate lift address refusals", async () => {
    const lookup = fakeDns("127.0.0.1", "10.0.0.1");
    expect(await checkUrl("http://localhost:3000/", { allowPrivate: true, lookup })).toMatchObject({
      ok: true,
      addresses: ["127.0.0.1", "10.0.0.1"],
    });
    expect(await checkUrl("http://[::1]:3000/", { allowPrivate: true })).toMatchObject({ ok: true, addresses: ["::1"] });
    expect(await checkUrl("http://127.1/", { allowPrivate: true })).toMatchObject({ ok: true, addresses: ["127.0.0.1"] });
  });

  it("keeps cloud metadata blocked even when private addresses are allowed", async () => {
    const result = await checkUrl("http://169.254.169.254/", { allowPrivate: true });
    expect(result).toMatchObject({ ok: false, code: "blocked" });
  });

  it.each([
    "169.254.170.2",
    "169.254.170.23",
    "169.254.0.23",
    "169.254.255.255",
    "fd00:ec2::23",
    "fd00:ec2:1::1",
    "fe80::1",
    "::ffff:169.254.170.2",
  ])("keeps %s (link-local, ECS and EKS credentials) blocked even when private addresses are allowed", async (address) => {
    expect(await checkUrl("http://credentials.internal.example/", { allowPrivate: true, lookup: fakeDns(address) })).toMatchObject({
      ok: false,
      code: "blocked",
    });
    expect(isAddressAllowed(address, true)).toBe(false);
  });

  it.each([
    ["ftp://localhost/", "scheme"],
    ["javascript:alert(1)", "scheme"],
    ["http://u:p@localhost/", "userinfo"],
    [`http://localhost/${"a".repeat(2049)}`, "too_long"],
  ])("never lifts syntax refusals with allowPrivate: %s", async (raw, code) => {
    expect(await checkUrl(raw, { allowPrivate: true, lookup: neverCalled })).toMatchObject({ ok: false, code });
  });

  it("reads ALLOW_PRIVATE_WEBHOOK_URLS when allowPrivate is not given", async () => {
    vi.stubEnv("ALLOW_PRIVATE_WEBHOOK_URLS", "true");
    expect(privateUrlsAllowed()).toBe(true);
    expect((await checkUrl("http://127.0.0.1/")).ok).toBe(true);
    vi.stubEnv("ALLOW_PRIVATE_WEBHOOK_URLS", "false");
    expect(privateUrlsAllowed()).toBe(false);
    expect(await checkUrl("http://127.0.0.1/")).toMatchObject({ ok: false, code: "blocked" });
    vi.stubEnv("ALLOW_PRIVATE_WEBHOOK_URLS", "1");
    expect(privateUrlsAllowed()).toBe(true);
    vi.stubEnv("ALLOW_PRIVATE_WEBHOOK_URLS", "");
    expect(privateUrlsAllowed()).toBe(false);
  });
});

describe("checkLiteralHost", () => {
  it("refuses blocked IP literals in any notation", () => {
    for (const host of ["127.0.0.1", "127.1", "2130706433", "[::1]", "::ffff:7f00:1", "10.0.0.1"]) {
      const error = checkLiteralHost(host, { allowPrivate: false });
      expect(error, host).toBeInstanceOf(BlockedAddressError);
      expect(error?.code).toBe("EBLOCKED");
    }
  });

  it("passes names, public literals, and private literals when allowed", () => {
    expect(checkLiteralHost("hooks.example.com", { allowPrivate: false })).toBeNull();
    expect(checkLiteralHost("93.184.216.34", { allowPrivate: false })).toBeNull();
    expect(checkLiteralHost("127.0.0.1", { allowPrivate: true })).toBeNull();
  });
});

type LookupResult = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };

function runLookup(lookup: ReturnType<typeof policyLookup>, host: string, options: { all?: boolean; family?: number }) {
  return new Promise<LookupResult>((resolve) => {
    lookup(host, options, (error, address, family) => resolve({ error, address, family }));
  });
}

describe("policyLookup", () => {
  it("answers like dns.lookup, with and without `all`", async () => {
    const lookup = policyLookup({ allowPrivate: false, lookup: fakeDns("93.184.216.34", "2606:4700::1111") });
    expect(await runLookup(lookup, "hooks.example.com", { all: true })).toEqual({
      error: null,
      address: answers("93.184.216.34", "2606:4700::1111"),
      family: undefined,
    });
    expect(await runLookup(lookup, "hooks.example.com", {})).toEqual({ error: null, address: "93.184.216.34", family: 4 });
    expect(await runLookup(lookup, "hooks.example.com", { family: 6 })).toEqual({
      error: null,
      address: "2606:4700::1111",
      family: 6,
    });
  });

  it("refuses when any address is not allowed", async () => {
    const lookup = policyLookup({ allowPrivate: false, lookup: fakeDns("93.184.216.34", "192.168.0.10") });
    const { error } = await runLookup(lookup, "hooks.example.com", { all: true });
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error).toMatchObject({ code: "EBLOCKED", message: "hooks.example.com resolves to 192.168.0.10, a private address" });
  });

  it("passes DNS errors through", async () => {
    const failing: LookupFn = async () => {
      throw Object.assign(new Error("getaddrinfo EAI_AGAIN"), { code: "EAI_AGAIN" });
    };
    const { error } = await runLookup(policyLookup({ allowPrivate: false, lookup: failing }), "x.example", {});
    expect(error?.code).toBe("EAI_AGAIN");
  });

  describe("at connect time", () => {
    let server: Server | undefined;
    afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

    async function loopbackServer() {
      const connections = { count: 0 };
      server = createServer((socket) => {
        connections.count++;
        socket.end();
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      return { port: (server.address() as AddressInfo).port, connections };
    }

    function tryConnect(port: number, lookup: ReturnType<typeof policyLookup>) {
      return new Promise<NodeJS.ErrnoException | null>((resolve) => {
        const socket = connect({ host: "rebind.test", port, lookup });
        socket.once("connect", () => {
          socket.destroy();
          resolve(null);
        });
        socket.once("error", resolve);
      });
    }

    it("defeats DNS rebinding: a name that was public at save time is refused when it turns loopback", async () => {
      const { port, connections } = await loopbackServer();
      const rebinding = vi.fn<LookupFn>();
      rebinding.mockResolvedValueOnce(answers("93.184.216.34")).mockResolvedValue(answers("127.0.0.1"));
      expect((await checkUrl(`http://rebind.test:${port}/`, { allowPrivate: false, lookup: rebinding })).ok).toBe(true);

      const error = await tryConnect(port, policyLookup({ allowPrivate: false, lookup: rebinding }));
      expect(error).toBeInstanceOf(BlockedAddressError);
      expect(connections.count).toBe(0);
    });

    it("connects when the address is allowed", async () => {
      const { port } = await loopbackServer();
      expect(await tryConnect(port, policyLookup({ allowPrivate: true, lookup: fakeDns("127.0.0.1") }))).toBeNull();
    });
  });
});
