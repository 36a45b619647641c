// Sign-in throttling counts guesses, not empty forms: a blank e-mail or password spends no attempt.
import { describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/accounts";
import { signUpSchema } from "@/lib/auth/schemas";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { signInAddressLimit } from "@/lib/rate-limit";

let seq = 0;
async function account() {
  const email = `caixa${++seq}@example.com`;
  const password = "senha-segura-123";
  await signUp(signUpSchema.parse({ name: "Caixa", email, password, organization: "Mercadinho Boa Vista LTDA" }));
  return { email, password };
}

describe("signInWithPassword", () => {
  it("signs in with the right password and refuses a wrong one", async () => {
    const { email, password } = await account();
    expect(await signInWithPassword(email.toUpperCase(), password, "10.1.0.1")).toMatchObject({ email });
    expect(await signInWithPassword(email, "senha-errada-000", "10.1.0.1")).toBeNull();
  });

  it("does not count a blank e-mail or password as a failed attempt", async () => {
    const { email, password } = await account();
    const address = "10.1.0.2";
    // more than the address allows (20) and than an e-mail's free failures (3)
    for (let i = 0; i < 25; i++) {
      expect(await signInWithPassword(email, "", address)).toBeNull();
      expect(await signInWithPassword("  ", password, address)).toBeNull();
      expect(await signInWithPassword(undefined, undefined, address)).toBeNull();
    }
    expect(await signInAddressLimit.blockedFor(address)).toBe(0);
    expect(await signInWithPassword(email, password, address)).toMatchObject({ email });
  });

  it("still slows down wrong passwords for that e-mail from that address", async () => {
    const { email, password } = await account();
    const address = "10.1.0.3";
    for (let i = 0; i < 3; i++) expect(await signInWithPassword(email, `errada-${i}-senha`, address)).toBeNull();
    await expect(signInWithPassword(email, password, address)).rejects.toThrow("rate_limited");
  });
});
