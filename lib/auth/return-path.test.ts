import { describe, expect, it } from "vitest";
import { returnPath } from "@/lib/auth/return-path";

describe("the page a sign-in returns to", () => {
  it("is a path of this site, with its query", () => {
    expect(returnPath("/invite?token=abc_-123")).toBe("/invite?token=abc_-123");
    expect(returnPath("/account/events#x")).toBe("/account/events#x");
  });

  it("is never another site, however it is written", () => {
    for (const value of [
      "https://evil.test/",
      "//evil.test/",
      "/\\evil.test",
      "/\t/evil.test",
      "\\/evil.test",
      "evil.test",
      "",
      undefined,
      ["/a"],
    ]) {
      expect(returnPath(value), JSON.stringify(value)).toBeUndefined();
    }
  });
});
