import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustProxy } from "@/lib/client-address";

describe("clientAddress", () => {
  it("is the socket's address without TRUST_PROXY, whatever X-Forwarded-For says", () => {
    const none = parseTrustProxy(undefined);
    expect(clientAddress("10.1.1.1", "203.0.113.9", none)).toBe("10.1.1.1");
    expect(clientAddress("::ffff:10.1.1.1", null, none)).toBe("10.1.1.1");
    expect(clientAddress("10.1.1.1", "203.0.113.9", parseTrustProxy("false"))).toBe("10.1.1.1");
  });

  it("with N trusted hops, takes the address the N-th proxy saw", () => {
    expect(clientAddress("10.0.0.2", "198.51.100.1, 203.0.113.9", parseTrustProxy("1"))).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.2", "198.51.100.1, 203.0.113.9", parseTrustProxy("2"))).toBe("198.51.100.1");
    // a client cannot reach further than the header is long
    expect(clientAddress("10.0.0.2", "203.0.113.9", parseTrustProxy("5"))).toBe("203.0.113.9");
  });

  it("with proxy CIDRs, takes the right-most address that is not a trusted proxy", () => {
    const trust = parseTrustProxy("10.0.0.0/8, 192.168.1.7, fd00::/8");
    expect(clientAddress("10.0.0.2", "198.51.100.1, 203.0.113.9, 192.168.1.7", trust)).toBe("203.0.113.9");
    // the spoofed left-most entry is never reached
    expect(clientAddress("10.0.0.2", "1.2.3.4, 203.0.113.9", trust)).toBe("203.0.113.9");
    // a peer that is not a trusted proxy is the client, even with the header
    expect(clientAddress("203.0.113.50", "1.2.3.4", trust)).toBe("203.0.113.50");
    expect(clientAddress("fd00::1", "2001:db8::7", trust)).toBe("2001:db8::7");
  });

  it("refuses a TRUST_PROXY entry that is neither an address nor a CIDR", () => {
    expect(() => parseTrustProxy("10.0.0.0/8, proxy.internal")).toThrow(/proxy\.internal/);
  });
});
