// Framing: pages are never framed, except embedded portal pages by PORTAL_ALLOWED_ORIGINS; the
// platform-mode settings are validated at start-up.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { pageCsp, parseOriginList } from "@/lib/http/security-headers";
import { isEmbedded } from "@/lib/portal/embed";

describe("frame-ancestors", () => {
  it("is 'none' unless origins are given, and then exactly those", () => {
    expect(pageCsp("n")).toContain("frame-ancestors 'none'");
    expect(pageCsp("n", false, { ancestors: ["https://erp.example.com", "http://localhost:4000"] })).toContain(
      "frame-ancestors https://erp.example.com http://localhost:4000",
    );
    expect(pageCsp("n", false, { images: ["https://cdn.example.com"] })).toContain("img-src 'self' data: blob: https://cdn.example.com");
  });

  it("embed mode comes from ?embed=1, lasts by cookie, and ?embed=0 ends it", () => {
    expect(isEmbedded("1", undefined)).toBe(true);
    expect(isEmbedded(null, "1")).toBe(true);
    expect(isEmbedded("0", "1")).toBe(false);
    expect(isEmbedded(null, undefined)).toBe(false);
  });
});

describe("platform settings", () => {
  it("takes origins only (scheme, host, port), and refuses paths or other schemes", () => {
    expect(parseOriginList("https://erp.example.com, http://localhost:4000/")).toEqual([
      "https://erp.example.com",
      "http://localhost:4000",
    ]);
    expect(() => parseOriginList("https://erp.example.com/conta")).toThrow(/origin/);
    expect(() => parseOriginList("ftp://erp.example.com")).toThrow(/origin/);
    expect(() => parseOriginList("*")).toThrow(/origin/);
    expect(() => parseEnv({ PORTAL_ALLOWED_ORIGINS: "erp.example.com" })).toThrow(EnvError);
  });

  it("reads rotated operator keys and refuses short ones; brand colour must be #rrggbb", () => {
    const keys = parseEnv({ OPERATOR_API_KEY: ` ${"a".repeat(32)} , ${"b".repeat(40)} ` }).OPERATOR_API_KEY;
    expect(keys).toEqual(["a".repeat(32), "b".repeat(40)]);
    expect(parseEnv({}).OPERATOR_API_KEY).toEqual([]);
    expect(() => parseEnv({ OPERATOR_API_KEY: "short" })).toThrow(/OPERATOR_API_KEY/);
    expect(() => parseEnv({ PORTAL_PRIMARY_COLOR: "blue" })).toThrow(/PORTAL_PRIMARY_COLOR/);
    expect(parseEnv({ PORTAL_PRIMARY_COLOR: "#0b5fff" }).PORTAL_PRIMARY_COLOR).toBe("#0b5fff");
  });
});
