import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

describe("passwords", () => {
  it("verifies the password it hashed, and never stores it in clear", async () => {
    const hash = await hashPassword("senha-segura-123");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain("senha-segura-123");
    expect(await verifyPassword("senha-segura-123", hash)).toBe(true);
  });

  it("refuses a wrong password", async () => {
    const hash = await hashPassword("senha-segura-123");
    expect(await verifyPassword("senha-segura-124", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts: the same password hashes differently each time, and both verify", async () => {
    const [a, b] = await Promise.all([hashPassword("mesma-senha"), hashPassword("mesma-senha")]);
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
    expect(await verifyPassword("mesma-senha", a)).toBe(true);
    expect(await verifyPassword("mesma-senha", b)).toBe(true);
  });

  it("refuses a tampered hash", async () => {
    const hash = await hashPassword("senha-segura-123");
    const parts = hash.split("$");
    const key = Buffer.from(parts[5]!, "base64");
    key[0]! ^= 1;
    const tamperedKey = [...parts.slice(0, 5), key.toString("base64")].join("$");
    const otherSalt = [...parts.slice(0, 4), Buffer.alloc(16, 1).toString("base64"), parts[5]].join("$");
    expect(await verifyPassword("senha-segura-123", tamperedKey)).toBe(false);
    expect(await verifyPassword("senha-segura-123", otherSalt)).toBe(false);
  });

  it.each([
    ["an empty string", ""],
    ["a plain-text password", "senha-segura-123"],
    ["another scheme", "bcrypt$2b$10$abcdefghijklmnopqrstuv"],
    ["missing the key", "scrypt$16384$8$1$c2FsdA=="],
    ["non-numeric parameters", "scrypt$abc$8$1$c2FsdA==$a2V5"],
    ["a cost that is not a power of two", "scrypt$1000$8$1$c2FsdA==$a2V5"],
  ])("refuses a malformed stored string (%s) without throwing", async (_, stored) => {
    await expect(verifyPassword("senha-segura-123", stored)).resolves.toBe(false);
  });
});
