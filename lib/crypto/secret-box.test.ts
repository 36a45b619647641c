import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "./secret-box";

const secret = `whsec_${randomBytes(32).toString("base64")}`;

/** Flips one bit of one base64url part of a box (0 = iv, 1 = tag, 2 = ciphertext). */
function tamper(box: string, part: 0 | 1 | 2): string {
  const parts = box.split(".");
  const bytes = Buffer.from(parts[part + 1]!, "base64url");
  bytes[0]! ^= 0x01;
  parts[part + 1] = bytes.toString("base64url");
  return parts.join(".");
}

describe("secret box", () => {
  it("round-trips a secret without containing it", () => {
    const box = encrypt(secret);
    expect(box).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(box).not.toContain(secret.slice("whsec_".length, 16));
    expect(decrypt(box)).toBe(secret);
  });

  it("uses a fresh IV each time", () => {
    const [a, b] = [encrypt(secret), encrypt(secret)];
    expect(a).not.toBe(b);
    expect([decrypt(a), decrypt(b)]).toEqual([secret, secret]);
  });

  it.each([
    ["the IV", 0],
    ["the tag", 1],
    ["the ciphertext", 2],
  ] as const)("refuses a box whose %s was changed", (_part, index) => {
    const box = encrypt(secret);
    expect(() => decrypt(tamper(box, index))).toThrow();
  });

  it("refuses a box sealed under another key", () => {
    const box = encrypt(secret, randomBytes(32));
    expect(() => decrypt(box)).toThrow();
  });

  it("refuses what is not a box", () => {
    expect(() => decrypt(secret)).toThrow(/unknown secret format/);
    expect(() => decrypt("v2.a.b.c")).toThrow(/unknown secret format/);
  });
});
