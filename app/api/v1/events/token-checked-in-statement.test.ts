// A publish with an API token is one statement: the publish statement checks the token as it stores
// the event (lib/webhooks/engine/publish-batcher.ts), with no lookup of its own. Each publish sharing
// a statement gets its own token's answer, the same answer a lookup first would have given.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as publishRoute } from "@/app/api/v1/events/route";
import { ensureAccount } from "@/lib/auth/accounts";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { pool, prisma } from "@/lib/db";
import { callRoute } from "@/test/api-client";
import { invoiceData } from "@/test/log-fixtures";

const publish = (token: string, body: object) =>
  callRoute(publishRoute, "POST", "/api/v1/events", { headers: { authorization: `Bearer ${token}` }, body });
const invoice = (number: number, extra: object = {}) => ({ type: "nfe.authorized", data: invoiceData({ number }), ...extra });

/** Every statement the app's pool runs from now on, by name (or its text). */
function watchStatements(): string[] {
  const statements: string[] = [];
  const query = pool().query.bind(pool());
  vi.spyOn(pool(), "query").mockImplementation(((config: string | { name?: string; text?: string }, ...rest: unknown[]) => {
    statements.push(typeof config === "string" ? config : (config.name ?? config.text ?? "?"));
    return (query as (...args: unknown[]) => unknown)(config, ...rest);
  }) as typeof query);
  return statements;
}

afterEach(() => vi.restoreAllMocks());

async function eventsOf(organizationId: string) {
  const { rows } = await pool().query<{ type: string; environment: string; number: string | null }>(
    `SELECT type, environment, number FROM events WHERE organization_id = $1 ORDER BY number`,
    [organizationId],
  );
  return rows;
}

let a: { organizationId: string; ownerId: string };
let b: { organizationId: string };

beforeAll(async () => {
  const owner = (await ensureAccount("dona@um-comando.test", "Um Comando LTDA")).user;
  a = { organizationId: owner.organizationId, ownerId: owner.id };
  b = { organizationId: (await ensureAccount("dona@outra-emissora.test", "Outra Emissora LTDA")).user.organizationId };
});

describe("publishing with an API token", () => {
  it("is one statement: the publish, with no lookup of the token before it", async () => {
    const { token } = await createApiToken(a.organizationId, { name: "erp", scope: "publish" });
    const statements = watchStatements();
    const answer = await publish(token, invoice(1));
    expect(answer.status).toBe(202);
    expect(statements).toEqual(["publish-events"]);
  });

  it("answers each publish of a shared statement for its own token, and stores only what its token may publish", async () => {
    const viewer = await prisma.user.create({ data: { email: "leitor@um-comando.test", name: "Leitor", passwordHash: "unused" } });
    await prisma.membership.create({ data: { userId: viewer.id, organizationId: a.organizationId, role: "viewer" } });
    const tokens = {
      publisher: (await createApiToken(a.organizationId, { name: "erp", scope: "publish", createdById: a.ownerId })).token,
      reader: (await createApiToken(a.organizationId, { name: "painel", scope: "read" })).token,
      homologacao: (await createApiToken(a.organizationId, { name: "testes", scope: "publish", environment: "homologacao" })).token,
      // its creator is a viewer now: a publish token then does nothing
      demoted: (await createApiToken(a.organizationId, { name: "antigo", scope: "publish", createdById: viewer.id })).token,
      revoked: await (async () => {
        const made = await createApiToken(a.organizationId, { name: "revogado", scope: "publish" });
        await revokeApiToken(a.organizationId, made.record.id);
        return made.token;
      })(),
      other: (await createApiToken(b.organizationId, { name: "outra", scope: "admin" })).token,
    };
    const statements = watchStatements();
    // the first goes alone; the others arrive while it runs and share the next statement
    const [first, ...answers] = await Promise.all([
      publish(tokens.other, invoice(200)),
      publish(tokens.publisher, invoice(201)),
      publish(tokens.reader, invoice(202)),
      publish(tokens.homologacao, invoice(203)),
      publish(tokens.homologacao, invoice(204, { environment: "producao" })),
      publish(tokens.demoted, invoice(205)),
      publish(tokens.revoked, invoice(206)),
      publish(`nfe_${"x".repeat(43)}`, invoice(207)),
      publish(tokens.other, invoice(208)),
    ]);
    expect(first!.status).toBe(202);
    expect(answers.map((answer) => [answer.status, answer.json.code ?? null])).toEqual([
      [202, null],
      [403, "token.scope"],
      [202, null],
      [422, "invalid"],
      [403, "token.scope"],
      [401, "token.invalid"],
      [401, "token.invalid"],
      [202, null],
    ]);
    expect(answers[1]!.json.errors[0]).toMatch(/scope \(read\)/);
    expect(answers[3]!.json.field_codes.environment).toEqual(["environment.token_limited"]);
    expect(answers[4]!.json.errors[0]).toMatch(/scope \(none\)/);
    expect(answers[2]!.json.event.environment).toBe("homologacao");
    expect(await eventsOf(a.organizationId)).toEqual([
      { type: "nfe.authorized", environment: "producao", number: "1" },
      { type: "nfe.authorized", environment: "producao", number: "201" },
      { type: "nfe.authorized", environment: "homologacao", number: "203" },
    ]);
    expect((await eventsOf(b.organizationId)).map((e) => e.number)).toEqual(["200", "208"]);
    expect(statements.filter((name) => name === "authenticate-tokens")).toEqual([]);
    expect(statements.filter((name) => name === "publish-events").length).toBeLessThan(9);
  });

  it("hears what its token may not do before what is wrong with its body, and stores nothing", async () => {
    const reader = (await createApiToken(b.organizationId, { name: "painel", scope: "read" })).token;
    const publisher = (await createApiToken(b.organizationId, { name: "erp", scope: "publish" })).token;
    const before = (await eventsOf(b.organizationId)).length;
    const badBody = { type: "nfe.nao_existe", data: {} };
    expect((await publish(`nfe_${"y".repeat(43)}`, badBody)).status).toBe(401);
    const refused = await publish(reader, badBody);
    expect([refused.status, refused.json.code]).toEqual([403, "token.scope"]);
    const invalid = await publish(publisher, badBody);
    expect(invalid.status).toBe(422);
    expect(invalid.json.field_codes.type).toEqual(["event_type.unknown"]);
    expect((await eventsOf(b.organizationId)).length).toBe(before);
  });
});
