// The address a request comes from, for rate limits and audit. Without TRUST_PROXY it is the TCP
// peer (the socket): X-Forwarded-For is whatever the client wants it to be. Behind a reverse proxy,
// TRUST_PROXY says who may speak for the client: a number N (that many proxies in front) or a list
// of proxy addresses/CIDRs; the client is then the right-most address no trusted proxy added.
import { BlockList, isIP } from "node:net";

export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; list: BlockList };

/** Parses TRUST_PROXY: "", "false", "0" → none; "2" → hops; "10.0.0.0/8, 192.168.1.7, ::1" → list. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? "";
  if (!text || text === "false" || text === "0") return { kind: "none" };
  if (/^\d+$/.test(text)) return { kind: "hops", hops: Number(text) };
  const list = new BlockList();
  for (const entry of text
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address = "", bits] = entry.split("/");
    const family = isIP(address);
    if (!family) throw new Error(`TRUST_PROXY: "${entry}" is neither an address nor a CIDR`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return { kind: "list", list };
}

/** "::ffff:10.1.2.3" → "10.1.2.3": IPv4 peers of a dual-stack socket. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

export function clientAddress(peer: string, forwardedFor: string | null | undefined, trust: TrustProxy): string {
  const socket = plain(peer || "unknown");
  if (trust.kind === "none" || !forwardedFor) return socket;
  // nearest hop first: the socket, then X-Forwarded-For from its right-most entry leftwards
  const hops = [
    socket,
    ...forwardedFor
      .split(",")
      .map((a) => plain(a.trim()))
      .filter(Boolean)
      .reverse(),
  ];
  if (trust.kind === "hops") return hops[Math.min(trust.hops, hops.length - 1)]!;
  let index = 0;
  while (index < hops.length - 1 && trusted(trust.list, hops[index]!)) index++;
  return hops[index]!;
}
