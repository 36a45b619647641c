import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { checkCredentials, ensureAccount, signUp } from "@/lib/auth/accounts";
import { signUpSchema } from "@/lib/auth/schemas";
import { verifyPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db";
import { Invalid } from "@/lib/errors";

let seq = 0;
function form(overrides: Partial<Record<"name" | "email" | "password" | "organization", string>> = {}) {
  seq++;
  return {
    name: "Maria Silva",
    email: `maria${seq}@example.com`,
    password: "senha-segura-123",
    organization: "Padaria Exemplo LTDA",
    ...overrides,
  };
}

/** What the sign-up route does: the shared schema, then signUp. */
const signUpWith = (input: ReturnType<typeof form>) => signUp(signUpSchema.parse(input));

const counts = () => Promise.all([prisma.user.count(), prisma.organization.count(), prisma.membership.count()]);

describe("signUp", () => {
  it("creates the user, their organization and an owner membership", async () => {
    const user = await signUpWith(form({ email: "Joao@Example.com", organization: "Mercado Central" }));
    expect(user).toMatchObject({ name: "Maria Silva", email: "joao@example.com", role: "owner" });

    const stored = await prisma.user.findUniqueOrThrow({
      where: { id: user.id },
      omit: { passwordHash: false },
      include: { memberships: { include: { organization: true } } },
    });
    expect(stored.email).toBe("joao@example.com");
    expect(stored.passwordHash).not.toContain("senha-segura-123");
    expect(await verifyPassword("senha-segura-123", stored.passwordHash)).toBe(true);
    expect(stored.memberships).toHaveLength(1);
    expect(stored.memberships[0]).toMatchObject({
      role: "owner",
      organizationId: user.organizationId,
      organization: { name: "Mercado Central" },
    });
  });

  describe("when the e-mail already has an account", () => {
    beforeAll(async () => {
      await signUpWith(form({ email: "ana@example.com" }));
    });

    it.each(["ana@example.com", "ANA@EXAMPLE.COM", "  Ana@Example.com "])("refuses %s and creates nothing", async (again) => {
      const before = await counts();
      const error = await signUpWith(form({ email: again, organization: "Segunda Organização" })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Invalid);
      expect((error as Invalid).status).toBe(422);
      expect((error as Invalid).body()).toMatchObject({
        errors: { email: ["is already taken"] },
        code: "email.taken",
        field_codes: { email: ["email.taken"] },
      });
      expect(await counts()).toEqual(before);
    });
  });
});

describe("signUpSchema", () => {
  const fieldErrors = (input: Record<string, string>) => {
    const result = signUpSchema.safeParse(input);
    expect(result.success).toBe(false);
    return z.flattenError(result.error!).fieldErrors;
  };

  it("normalises the e-mail and trims names", () => {
    expect(signUpSchema.parse(form({ email: " Maria@Example.COM ", organization: "  Padaria  " }))).toMatchObject({
      email: "maria@example.com",
      organization: "Padaria",
    });
  });

  it("names each invalid field with a message code", () => {
    expect(fieldErrors(form({ email: "não-é-email" }))).toEqual({ email: ["email.invalid"] });
    expect(fieldErrors(form({ password: "1234567" }))).toEqual({ password: ["password.too_short"] });
    expect(fieldErrors(form({ organization: "   " }))).toEqual({ organization: ["blank"] });
    expect(fieldErrors(form({ name: "" }))).toEqual({ name: ["blank"] });
  });

  it("reports every invalid field at once", () => {
    expect(Object.keys(fieldErrors({ name: "Maria", email: "x", password: "curta", organization: "" })).sort()).toEqual([
      "email",
      "organization",
      "password",
    ]);
  });
});

describe("checkCredentials", () => {
  it("returns the session user for the right password, whatever the e-mail's case", async () => {
    const user = await signUpWith(form({ email: "carla@example.com" }));
    expect(await checkCredentials("carla@example.com", "senha-segura-123")).toEqual(user);
    expect(await checkCredentials(" CARLA@example.com ", "senha-segura-123")).toEqual(user);
  });

  it("returns null for a wrong password or an unknown e-mail", async () => {
    await signUpWith(form({ email: "davi@example.com" }));
    expect(await checkCredentials("davi@example.com", "senha-errada-123")).toBeNull();
    expect(await checkCredentials("ninguem@example.com", "senha-segura-123")).toBeNull();
  });
});

describe("ensureAccount", () => {
  it("creates the user and organization the first time and reuses them afterwards", async () => {
    const first = await ensureAccount("Operador@Example.com", "Operações");
    expect(first.password).toEqual(expect.any(String));
    expect(first.user).toMatchObject({ email: "operador@example.com", role: "owner" });
    expect(await checkCredentials("operador@example.com", first.password!)).not.toBeNull();
    const before = await counts();

    const second = await ensureAccount("operador@example.com", "Operações");
    expect(second.password).toBeUndefined();
    expect(second.user.id).toBe(first.user.id);
    expect(second.user.organizationId).toBe(first.user.organizationId);
    expect(await counts()).toEqual(before);
  });

  it("adds a second organization for an existing user without touching the first", async () => {
    const first = await ensureAccount("multi@example.com", "Empresa A");
    const second = await ensureAccount("multi@example.com", "Empresa B");
    expect(second.user.id).toBe(first.user.id);
    expect(second.user.organizationId).not.toBe(first.user.organizationId);
    const memberships = await prisma.membership.findMany({ where: { userId: first.user.id }, include: { organization: true } });
    expect(memberships.map((m) => [m.organization.name, m.role]).sort()).toEqual([
      ["Empresa A", "owner"],
      ["Empresa B", "owner"],
    ]);
  });
});
