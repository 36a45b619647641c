import { describe, expect, it, vi } from "vitest";
import { authenticateToken, createApiToken, hashToken, listApiTokens, revokeApiToken } from "@/lib/auth/tokens";
import { pool, prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";

async function organization(name = "Padaria Exemplo LTDA") {
  return prisma.organization.create({ data: { name } });
}

/** How many rows, in every table of the app's schema, contain `text` anywhere. */
async function rowsContaining(text: string): Promise<number> {
  const { rows: tables } = await pool().query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  let count = 0;
  for (const { name } of tables) {
    const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name} t WHERE t::text LIKE '%' || $1 || '%'`, [
      text,
    ]);
    count += rows[0]!.n;
  }
  return count;
}

describe("API tokens", () => {
  it("authenticates a new token as its organization", async () => {
    const org = await organization();
    const { token, record } = await createApiToken(org.id, { name: "ERP" });
    expect(token).toMatch(/^nfe_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateToken(token)).toEqual({
      tokenId: record.id,
      organizationId: org.id,
      scope: "admin",
      createdById: null,
      publishWait: 0,
      environment: null,
    });
  });

  it("stores only a hash and a short prefix, never the token itself", async () => {
    const org = await organization();
    const { token, record } = await createApiToken(org.id, { name: "ERP" });
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: record.id }, omit: { tokenHash: false } });
    expect(row.tokenHash).not.toBe(token);
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.prefix).toBe(token.slice(0, 12));
    expect(await rowsContaining(token)).toBe(0);
    expect(await rowsContaining(token.slice(12))).toBe(0);
    expect(await rowsContaining(row.tokenHash)).toBe(1);
  });

  it("refuses unknown, malformed and over-long tokens", async () => {
    const org = await organization();
    const { token } = await createApiToken(org.id, { name: "ERP" });
    expect(await authenticateToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await authenticateToken(token.slice(4))).toBeNull();
    expect(await authenticateToken(`${token}${"x".repeat(200)}`)).toBeNull();
    expect(await authenticateToken("")).toBeNull();
  });

  it("stops authenticating a revoked token at once", async () => {
    const org = await organization();
    const { token, record } = await createApiToken(org.id, { name: "ERP" });
    expect(await authenticateToken(token)).not.toBeNull();
    await revokeApiToken(org.id, record.id);
    expect(await authenticateToken(token)).toBeNull();
  });

  it("refuses at once a token revoked by another process (no process keeps token state)", async () => {
    const org = await organization();
    const { token, record } = await createApiToken(org.id, { name: "ERP" });
    expect(await authenticateToken(token)).not.toBeNull();
    await prisma.apiToken.update({ where: { id: record.id }, data: { revokedAt: new Date() } });
    expect(await authenticateToken(token)).toBeNull();
  });

  it("records when a token was last used", async () => {
    const org = await organization();
    const { token, record } = await createApiToken(org.id, { name: "ERP" });
    expect(record.lastUsedAt).toBeNull();
    const before = Date.now();
    await authenticateToken(token);
    const lastUsed = () => prisma.apiToken.findUniqueOrThrow({ where: { id: record.id } }).then((t) => t.lastUsedAt?.getTime() ?? null);
    await expect.poll(lastUsed, { timeout: 5_000 }).not.toBeNull();
    expect(await lastUsed()).toBeGreaterThanOrEqual(before);
  });

  it("lists the organization's live tokens without their hash or secret", async () => {
    const [org, other] = await Promise.all([organization(), organization("Outra Empresa SA")]);
    const kept = await createApiToken(org.id, { name: "ERP" });
    const revoked = await createApiToken(org.id, { name: "antigo" });
    await createApiToken(other.id, { name: "de outra organização" });
    await revokeApiToken(org.id, revoked.record.id);

    const tokens = await listApiTokens(org.id);
    expect(tokens.map((t) => t.id)).toEqual([kept.record.id]);
    expect(Object.keys(tokens[0]!).sort()).toEqual(["createdAt", "environment", "id", "lastUsedAt", "name", "prefix", "scope"]);
    const listed = JSON.stringify(tokens);
    expect(listed).not.toContain(kept.token);
    expect(listed).not.toContain(hashToken(kept.token));
  });

  it("answers NotFound when another organization's token is revoked, and that token keeps working", async () => {
    const [owner, intruder] = await Promise.all([organization(), organization("Intrusa LTDA")]);
    const { token, record } = await createApiToken(owner.id, { name: "ERP" });
    await expect(revokeApiToken(intruder.id, record.id)).rejects.toBeInstanceOf(NotFound);
    expect(await authenticateToken(token)).toMatchObject({ tokenId: record.id, organizationId: owner.id });
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: record.id } })).revokedAt).toBeNull();
  });

  it("answers NotFound when the token is already revoked or does not exist", async () => {
    const org = await organization();
    const { record } = await createApiToken(org.id, { name: "ERP" });
    await revokeApiToken(org.id, record.id);
    await expect(revokeApiToken(org.id, record.id)).rejects.toBeInstanceOf(NotFound);
    await expect(revokeApiToken(org.id, "00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFound);
  });
});

describe("lookups at the same time", () => {
  it("share statements, and each request gets its own token's organization (or nothing)", async () => {
    const [a, b] = [await organization("Emissora A LTDA"), await organization("Emissora B LTDA")];
    const tokenA = await createApiToken(a.id, { name: "ERP A" });
    const tokenB = await createApiToken(b.id, { name: "ERP B", scope: "publish" });
    const revoked = await createApiToken(b.id, { name: "old" });
    await revokeApiToken(b.id, revoked.record.id);
    const statements: string[] = [];
    const query = pool().query.bind(pool());
    const spy = vi.spyOn(pool(), "query").mockImplementation(((config: { name?: string }, ...rest: unknown[]) => {
      if (config?.name) statements.push(config.name);
      return (query as (...args: unknown[]) => unknown)(config, ...rest);
    }) as typeof query);
    try {
      const presented = Array.from({ length: 60 }, (_, i) => [tokenA.token, tokenB.token, revoked.token, "nfe_unknown"][i % 4]!);
      const found = await Promise.all(presented.map((token, i) => authenticateToken(token, { publish: i % 2 === 0 })));
      found.forEach((principal, i) => {
        const expected = [a.id, b.id, null, null][i % 4];
        expect(principal?.organizationId ?? null).toBe(expected);
        if (principal) expect(principal.tokenId).toBe(i % 4 === 0 ? tokenA.record.id : tokenB.record.id);
      });
      const lookups = statements.filter((name) => name === "authenticate-tokens").length;
      expect(lookups).toBeGreaterThanOrEqual(1);
      expect(lookups).toBeLessThan(10);
    } finally {
      spy.mockRestore();
    }
  });
});
