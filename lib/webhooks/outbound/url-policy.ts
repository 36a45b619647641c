// The one place that decides whether a webhook URL may be called: at save time (checkUrl) and at
// connect time (policyLookup for resolved names, checkLiteralHost for IP literals).
import { promises as dns, type LookupAddress } from "node:dns";
import { isIP, isIPv4, isIPv6, type LookupFunction } from "node:net";

export const MAX_URL_LENGTH = 2048;

export type AddressClass =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "link-local"
  | "site-local"
  | "cgnat"
  | "unique-local"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "reserved"
  | "metadata";

export type UrlRefusalCode = "invalid_url" | "scheme" | "userinfo" | "too_long" | "dns" | "blocked";
export type UrlRefusal = { ok: false; code: UrlRefusalCode; message: string };
export type ParsedUrl = { ok: true; url: URL } | UrlRefusal;
export type UrlCheck = { ok: true; url: URL; addresses: string[] } | UrlRefusal;

/** Resolves a host name to every address it has; injectable so tests never touch real DNS. */
export type LookupFn = (hostname: string) => Promise<readonly LookupAddress[]>;
export type PolicyOptions = { allowPrivate?: boolean; lookup?: LookupFn };

const ADDRESS_PHRASES: Record<AddressClass, string> = {
  public: "a public address",
  unspecified: "an unspecified address",
  loopback: "a loopback address",
  private: "a private address",
  "link-local": "a link-local address",
  "site-local": "a site-local address",
  cgnat: "a carrier-grade NAT address",
  "unique-local": "a unique local address",
  multicast: "a multicast address",
  broadcast: "a broadcast address",
  documentation: "a documentation address",
  reserved: "a reserved address",
  metadata: "a cloud metadata address",
};

export class BlockedAddressError extends Error {
  readonly code = "EBLOCKED";
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly addressClass: AddressClass,
  ) {
    const phrase = ADDRESS_PHRASES[addressClass];
    super(hostname === address ? `${address} is ${phrase}` : `${hostname} resolves to ${address}, ${phrase}`);
    this.name = "BlockedAddressError";
  }
}

/** ALLOW_PRIVATE_WEBHOOK_URLS ("true" or "1", as lib/env reads it), read here only so it can later come from lib/env. */
export function privateUrlsAllowed(): boolean {
  const value = process.env.ALLOW_PRIVATE_WEBHOOK_URLS;
  return value === "true" || value === "1";
}

// ---------- addresses ----------

type Range<T> = { base: T; bits: number; addressClass: AddressClass };

function v4Number(dotted: string): number {
  return dotted.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function v4Range(cidr: string, addressClass: AddressClass): Range<number> {
  const [base, bits] = cidr.split("/");
  return { base: v4Number(base), bits: Number(bits), addressClass };
}

// First match wins, so single addresses come before the blocks that contain them.
const IPV4_RANGES = [
  v4Range("169.254.169.254/32", "metadata"), // AWS, GCP, Azure, Oracle, DigitalOcean…
  v4Range("100.100.100.200/32", "metadata"), // Alibaba Cloud
  v4Range("168.63.129.16/32", "metadata"), // Azure wire server
  v4Range("255.255.255.255/32", "broadcast"),
  v4Range("0.0.0.0/8", "unspecified"),
  v4Range("10.0.0.0/8", "private"),
  v4Range("100.64.0.0/10", "cgnat"),
  v4Range("127.0.0.0/8", "loopback"),
  v4Range("169.254.0.0/16", "link-local"),
  v4Range("172.16.0.0/12", "private"),
  v4Range("192.0.0.0/24", "reserved"),
  v4Range("192.0.2.0/24", "documentation"),
  v4Range("192.88.99.0/24", "reserved"),
  v4Range("192.168.0.0/16", "private"),
  v4Range("198.18.0.0/15", "reserved"),
  v4Range("198.51.100.0/24", "documentation"),
  v4Range("203.0.113.0/24", "documentation"),
  v4Range("224.0.0.0/4", "multicast"),
  v4Range("240.0.0.0/4", "reserved"),
];

function classifyV4(ip: number): AddressClass {
  const range = IPV4_RANGES.find(({ base, bits }) => Math.floor(ip / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
  return range?.addressClass ?? "public";
}

// "::ffff:1.2.3.4" → "::ffff:102:304", so every group is hex.
function dottedTailToHex(ip: string): string {
  return ip.replace(/(\d+\.\d+\.\d+\.\d+)$/, (dotted) => {
    const n = v4Number(dotted);
    return `${Math.floor(n / 0x10000).toString(16)}:${(n % 0x10000).toString(16)}`;
  });
}

/** A valid IPv6 address (net.isIPv6) as a 128-bit number. */
function v6BigInt(ip: string): bigint {
  const hex = dottedTailToHex(ip.split("%")[0]);
  const [head, tail] = hex.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function v6Range(cidr: string, addressClass: AddressClass): Range<bigint> {
  const [base, bits] = cidr.split("/");
  return { base: v6BigInt(base), bits: Number(bits), addressClass };
}

function inV6(ip: bigint, { base, bits }: { base: bigint; bits: number }): boolean {
  const shift = BigInt(128 - bits);
  return ip >> shift === base >> shift;
}

const IPV6_EXACT = [v6Range("::/128", "unspecified"), v6Range("::1/128", "loopback")];

const LOW_32 = 0xffffffffn;

// Prefixes that carry an IPv4 address: the v4 address decides, so ::ffff:10.0.0.1 is as private as 10.0.0.1.
const IPV6_EMBEDDING: { prefix: { base: bigint; bits: number }; v4: (ip: bigint) => bigint }[] = [
  { prefix: v6Range("::ffff:0:0/96", "reserved"), v4: (ip) => ip & LOW_32 }, // IPv4-mapped
  { prefix: v6Range("::ffff:0:0:0/96", "reserved"), v4: (ip) => ip & LOW_32 }, // IPv4-translated
  { prefix: v6Range("::/96", "reserved"), v4: (ip) => ip & LOW_32 }, // IPv4-compatible
  { prefix: v6Range("64:ff9b::/96", "reserved"), v4: (ip) => ip & LOW_32 }, // NAT64
  { prefix: v6Range("2002::/16", "reserved"), v4: (ip) => (ip >> 80n) & LOW_32 }, // 6to4
  { prefix: v6Range("2001::/32", "reserved"), v4: (ip) => ~ip & LOW_32 }, // Teredo client (stored inverted)
];

const IPV6_RANGES = [
  v6Range("fd00:ec2::/32", "metadata"), // AWS IMDS (fd00:ec2::254), EKS Pod Identity (fd00:ec2::23) and what AWS adds there
  v6Range("64:ff9b:1::/48", "private"), // local-use NAT64
  v6Range("100::/64", "reserved"), // discard-only
  v6Range("2001:db8::/32", "documentation"),
  v6Range("3fff::/20", "documentation"),
  v6Range("2001::/23", "reserved"), // IETF protocol assignments
  v6Range("fc00::/7", "unique-local"),
  v6Range("fe80::/10", "link-local"),
  v6Range("fec0::/10", "site-local"),
  v6Range("ff00::/8", "multicast"),
  v6Range("2000::/3", "public"),
];

function classifyV6(ip: bigint): AddressClass {
  const exact = IPV6_EXACT.find((range) => inV6(ip, range));
  if (exact) return exact.addressClass;
  const embedding = IPV6_EMBEDDING.find(({ prefix }) => inV6(ip, prefix));
  if (embedding) return classifyV4(Number(embedding.v4(ip)));
  // Outside 2000::/3 nothing is globally routable unicast.
  return IPV6_RANGES.find((range) => inV6(ip, range))?.addressClass ?? "reserved";
}

/** What kind of address this is; anything that is not an IP address is never "public". */
export function classifyAddress(ip: string): AddressClass {
  const host = normalizeHost(ip);
  if (isIPv4(host)) return classifyV4(v4Number(host));
  if (isIPv6(host)) return classifyV6(v6BigInt(host));
  return "reserved";
}

/**
 * Metadata and link-local addresses stay blocked even when private addresses are allowed: no local
 * setup needs them, and 169.254.0.0/16 holds credentials services (ECS 169.254.170.2, EKS 169.254.170.23).
 */
const NEVER_ALLOWED = new Set<AddressClass>(["metadata", "link-local"]);

export function isAddressAllowed(ip: string, allowPrivate = privateUrlsAllowed()): boolean {
  const addressClass = classifyAddress(ip);
  return addressClass === "public" || (allowPrivate && !NEVER_ALLOWED.has(addressClass));
}

function blockedAddress(hostname: string, address: string, allowPrivate: boolean): BlockedAddressError | null {
  return isAddressAllowed(address, allowPrivate) ? null : new BlockedAddressError(hostname, address, classifyAddress(address));
}

// ---------- host names ----------

// WHATWG URL / inet_aton number: 0x… hex, 0… octal, else decimal.
function parseIPv4Part(part: string): number | null {
  if (/^0x[0-9a-f]*$/.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return parseInt(part.slice(1), 8);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return Number(part);
  return null;
}

function ipv4FromNumbers(host: string): string | null {
  const parts = host.split(".");
  if (parts.length > 1 && parts.at(-1) === "") parts.pop();
  if (parts.length > 4) return null;
  const numbers = parts.map(parseIPv4Part);
  if (numbers.some((n) => n === null)) return null;
  const values = numbers as number[];
  const last = values.pop() as number;
  if (values.some((n) => n > 255) || last >= 256 ** (4 - values.length)) return null;
  const value = values.reduce((acc, n, i) => acc + n * 256 ** (3 - i), last);
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/**
 * Lower-case host without IPv6 brackets, with IPv4 literals in any inet_aton notation (2130706433,
 * 0x7f000001, 0177.0.0.1, 127.1) turned into dotted decimal. `new URL()` already does the IPv4 part;
 * this covers hosts that did not come through it.
 */
export function normalizeHost(hostname: string): string {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (isIPv6(host)) return host;
  return ipv4FromNumbers(host) ?? host;
}

/** Connect-time check for IP-literal hosts, which Node connects to without calling `lookup`. */
export function checkLiteralHost(hostname: string, opts: { allowPrivate?: boolean } = {}): BlockedAddressError | null {
  const host = normalizeHost(hostname);
  if (!isIP(host)) return null;
  return blockedAddress(host, host, opts.allowPrivate ?? privateUrlsAllowed());
}

// ---------- URLs ----------

function refuse(code: UrlRefusalCode, message: string): UrlRefusal {
  return { ok: false, code, message };
}

export function parseWebhookUrl(raw: string): ParsedUrl {
  const tooLong = refuse("too_long", `URL is longer than ${MAX_URL_LENGTH} characters`);
  if (raw.length > MAX_URL_LENGTH) return tooLong;
  const url = URL.parse(raw.trim());
  if (!url) return refuse("invalid_url", "not a valid URL");
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse("scheme", "only http and https URLs are allowed");
  if (url.username || url.password) return refuse("userinfo", "URL must not contain a user name or password");
  if (!url.hostname) return refuse("invalid_url", "URL has no host");
  if (url.href.length > MAX_URL_LENGTH) return tooLong;
  return { ok: true, url };
}

const defaultLookup: LookupFn = (hostname) => dns.lookup(hostname, { all: true, order: "verbatim" });

async function resolve(host: string, lookup: LookupFn): Promise<string[] | null> {
  try {
    const answers = await lookup(host);
    return answers.length > 0 ? answers.map(({ address }) => address) : null;
  } catch {
    return null;
  }
}

/** Save-time check: the URL is well formed and every address its host has today is allowed. */
export async function checkUrl(raw: string, opts: PolicyOptions = {}): Promise<UrlCheck> {
  const parsed = parseWebhookUrl(raw);
  if (!parsed.ok) return parsed;
  const host = normalizeHost(parsed.url.hostname);
  const addresses = isIP(host) ? [host] : await resolve(host, opts.lookup ?? defaultLookup);
  if (!addresses) return refuse("dns", `${host} could not be resolved`);
  const allowPrivate = opts.allowPrivate ?? privateUrlsAllowed();
  for (const address of addresses) {
    const blocked = blockedAddress(host, address, allowPrivate);
    if (blocked) return refuse("blocked", blocked.message);
  }
  return { ok: true, url: parsed.url, addresses };
}

// ---------- connect time ----------

function matchesFamily(answer: LookupAddress, family: unknown): boolean {
  if (family === 4 || family === "IPv4") return answer.family === 4;
  if (family === 6 || family === "IPv6") return answer.family === 6;
  return true;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
}

/**
 * A `dns.lookup`-compatible function for `net.connect` / undici `connect: { lookup }`: it refuses the
 * connection when any address of the name is not allowed, so a name re-pointed after save time
 * (DNS rebinding) is still caught.
 */
export function policyLookup(opts: PolicyOptions = {}): LookupFunction {
  const lookup = opts.lookup ?? defaultLookup;
  const allowPrivate = opts.allowPrivate ?? privateUrlsAllowed();
  return (hostname, options, callback) => {
    lookup(hostname).then(
      (all) => {
        const answers = all.filter((answer) => matchesFamily(answer, options.family));
        const blocked = answers.map((a) => blockedAddress(hostname, a.address, allowPrivate)).find(Boolean);
        const error = answers.length === 0 ? notFound(hostname) : blocked;
        if (error) callback(error, "");
        else if (options.all)
          callback(
            null,
            answers.map(({ address, family }) => ({ address, family })),
          );
        else callback(null, answers[0].address, answers[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ""),
    );
  };
}
