// A person in several organizations: their dashboard session works in one at a time and switches
// between those they are a member of; an invitation to an e-mail that already has an account is
// accepted with that account, signed in.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as acceptRoute } from "@/app/api/invitations/accept/route";
import { POST as joinRoute } from "@/app/api/invitations/join/route";
import { POST as inviteRoute } from "@/app/api/v1/invitations/route";
import { DELETE as removeRoute } from "@/app/api/v1/members/[id]/route";
import { GET as meRoute } from "@/app/api/v1/me/route";
import { POST as switchRoute } from "@/app/api/v1/me/organization/route";
import { GET as organizationsRoute } from "@/app/api/v1/me/organizations/route";
import { checkCredentials, ensureAccount, type SessionUser } from "@/lib/auth/accounts";
import { parseCookies, userFromCookies } from "@/lib/auth/session-user";
import { invitationDetails } from "@/lib/auth/team";
import { createApiToken } from "@/lib/auth/tokens";
import { prisma } from "@/lib/db";
import { callRoute, sessionHeaders } from "@/test/api-client";

/** A user whose first organization is `first`, and who owns `second` too. */
async function personInTwo(email: string, first: string, second: string) {
  const { user, password } = await ensureAccount(email, first);
  const other = (await ensureAccount(email, second)).user;
  return { inFirst: user, inSecond: other, password: password! };
}

const me = async (headers: Record<string, string>) => (await callRoute(meRoute, "GET", "/api/v1/me", { headers })).json;
const switchTo = (headers: Record<string, string>, organizationId: string) =>
  callRoute(switchRoute, "POST", "/api/v1/me/organization", { headers, body: { organization_id: organizationId } });

describe("switching organizations", () => {
  it("moves this session to another organization of the user; its later requests work there, other sessions stay", async () => {
    const { inFirst, inSecond } = await personInTwo("duas@orgs.test", "Primeira LTDA", "Segunda LTDA");
    const headers = await sessionHeaders(inFirst);
    const otherSession = await sessionHeaders(inFirst);
    expect((await me(headers)).organization.id).toBe(inFirst.organizationId);

    const switched = await switchTo(headers, inSecond.organizationId);
    expect(switched.status).toBe(200);
    expect(switched.json).toEqual({ organization: { id: inSecond.organizationId, name: "Segunda LTDA", role: "owner", current: true } });
    expect((await me(headers)).organization).toEqual({ id: inSecond.organizationId, name: "Segunda LTDA" });
    expect((await me(otherSession)).organization.id).toBe(inFirst.organizationId);

    const listed = await callRoute(organizationsRoute, "GET", "/api/v1/me/organizations", { headers });
    expect(listed.json.organizations).toEqual([
      { id: inFirst.organizationId, name: "Primeira LTDA", role: "owner", current: false },
      { id: inSecond.organizationId, name: "Segunda LTDA", role: "owner", current: true },
    ]);

    expect((await switchTo(headers, inFirst.organizationId)).status).toBe(200);
    expect((await me(headers)).organization.id).toBe(inFirst.organizationId);
  });

  it("answers 404 for an organization the user is not a member of (and for what is no id); the session stays", async () => {
    const { inFirst } = await personInTwo("intrusa@orgs.test", "Intrusa LTDA", "Intrusa Dois LTDA");
    const stranger = (await ensureAccount("estranha@orgs.test", "Alheia LTDA")).user;
    const headers = await sessionHeaders(inFirst);
    for (const id of [stranger.organizationId, "nao-e-uuid"]) {
      const refused = await switchTo(headers, id);
      expect(refused.status).toBe(404);
      expect(refused.json).toEqual({ errors: ["organization not found"], code: "not_found" });
    }
    expect((await me(headers)).organization.id).toBe(inFirst.organizationId);
  });

  it("refuses a cross-site request and an API token, which is bound to its organization", async () => {
    const { inFirst, inSecond } = await personInTwo("token@orgs.test", "Token Um LTDA", "Token Dois LTDA");
    const { origin: _origin, ...withoutOrigin } = await sessionHeaders(inFirst);
    expect((await switchTo({ ...withoutOrigin, origin: "http://evil.test" }, inSecond.organizationId)).json.code).toBe("origin.refused");

    const { token } = await createApiToken(inFirst.organizationId, { name: "integração", createdById: inFirst.id });
    const bearer = { authorization: `Bearer ${token}` };
    const refused = await switchTo(bearer, inSecond.organizationId);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe("session.required");
    const listed = await callRoute(organizationsRoute, "GET", "/api/v1/me/organizations", { headers: bearer });
    expect(listed.json.organizations).toEqual([{ id: inFirst.organizationId, name: "Token Um LTDA", role: "admin", current: true }]);
  });

  it("a removed membership ends access to the organization the session switched to, and only there", async () => {
    const owner = (await ensureAccount("dona@removida.test", "Removedora LTDA")).user;
    const { user: member } = await ensureAccount("membro@removida.test", "Própria LTDA");
    await prisma.membership.create({ data: { userId: member.id, organizationId: owner.organizationId, role: "viewer" } });
    const switched = await sessionHeaders(member);
    const stayedHome = await sessionHeaders(member);
    expect((await switchTo(switched, owner.organizationId)).status).toBe(200);
    const who = (headers: Record<string, string>) => userFromCookies(parseCookies(headers.cookie));
    expect(await who(switched)).toMatchObject({ organizationId: owner.organizationId, role: "viewer" });

    const removed = await callRoute(removeRoute, "DELETE", `/api/v1/members/${member.id}`, {
      id: member.id,
      headers: await sessionHeaders(owner),
    });
    expect(removed.status).toBe(204);
    expect(await who(switched)).toBeNull();
    expect(await who(stayedHome)).toMatchObject({ organizationId: member.organizationId });
  });

  it("a membership deleted by any means ends access at the next request (checked with the session)", async () => {
    const owner = (await ensureAccount("dona@apagada.test", "Apagadora LTDA")).user;
    const { user: member } = await ensureAccount("membro@apagada.test", "Casa LTDA");
    await prisma.membership.create({ data: { userId: member.id, organizationId: owner.organizationId, role: "admin" } });
    const headers = await sessionHeaders(member);
    expect((await switchTo(headers, owner.organizationId)).status).toBe(200);
    await prisma.membership.delete({ where: { userId_organizationId: { userId: member.id, organizationId: owner.organizationId } } });
    const after = await callRoute(meRoute, "GET", "/api/v1/me", { headers });
    expect(after.status).toBe(401);
  });
});

describe("an invitation to an e-mail that already has an account", () => {
  let owner: SessionUser;
  let ownerHeaders: Record<string, string>;
  beforeAll(async () => {
    owner = (await ensureAccount("dona@convida.test", "Convidante LTDA")).user;
    ownerHeaders = await sessionHeaders(owner);
  });

  async function invite(email: string, role: "admin" | "viewer") {
    const invited = await callRoute(inviteRoute, "POST", "/api/v1/invitations", { headers: ownerHeaders, body: { email, role } });
    expect(invited.status).toBe(201);
    return new URL(invited.json.invitation.link).searchParams.get("token")!;
  }
  const join = (headers: Record<string, string>, token: string) =>
    callRoute(joinRoute, "POST", "/api/invitations/join", { headers, body: { token } });
  const membership = (userId: string) =>
    prisma.membership.findUnique({ where: { userId_organizationId: { userId, organizationId: owner.organizationId } } });

  it("is accepted signed in with that account: a membership with the invited role, the session moves there, the link works once", async () => {
    const { user: guest, password } = await ensureAccount("ja-tenho@convida.test", "Minha Empresa LTDA");
    const token = await invite("Ja-Tenho@convida.test", "admin");
    expect(await invitationDetails(token)).toEqual({ email: "ja-tenho@convida.test", organization: "Convidante LTDA", hasAccount: true });

    const createAccount = await callRoute(acceptRoute, "POST", "/api/invitations/accept", {
      body: { token, name: "Outra", password: "senha-nova-1" },
    });
    expect(createAccount.json.code).toBe("email.taken");

    const headers = await sessionHeaders(guest);
    const joined = await join(headers, token);
    expect(joined.status).toBe(200);
    expect(joined.json).toEqual({ organization_id: owner.organizationId });
    expect(await membership(guest.id)).toMatchObject({ role: "admin" });
    expect(await me(headers)).toMatchObject({ organization: { id: owner.organizationId }, role: "admin" });

    const again = await join(headers, token);
    expect(again.status).toBe(422);
    expect(again.json.field_codes.token).toEqual(["link.invalid"]);
    // signing in still lands in the first organization
    expect(await checkCredentials("ja-tenho@convida.test", password!)).toMatchObject({ organizationId: guest.organizationId });
  });

  it("signed in as someone else is refused, and the link stays usable for the invited account", async () => {
    const { user: invited } = await ensureAccount("convidada@convida.test", "Convidada LTDA");
    const { user: someoneElse } = await ensureAccount("outra-pessoa@convida.test", "Outra LTDA");
    const token = await invite("convidada@convida.test", "viewer");

    const refused = await join(await sessionHeaders(someoneElse), token);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe("invitation.other_email");
    expect(await membership(someoneElse.id)).toBeNull();

    const { token: apiToken } = await createApiToken(invited.organizationId, { name: "integração" });
    const byToken = await join({ authorization: `Bearer ${apiToken}` }, token);
    expect(byToken.status).toBe(403);
    expect(byToken.json.code).toBe("session.required");

    expect((await join(await sessionHeaders(invited), token)).status).toBe(200);
    expect(await membership(invited.id)).toMatchObject({ role: "viewer" });
  });

  it("of someone who became a member meanwhile: the link is used and the membership stays as it is", async () => {
    const { user: member } = await ensureAccount("ja-membro@convida.test", "Membro LTDA");
    const token = await invite("ja-membro@convida.test", "admin");
    await prisma.membership.create({ data: { userId: member.id, organizationId: owner.organizationId, role: "viewer" } });
    const headers = await sessionHeaders(member);

    expect((await join(headers, token)).status).toBe(200);
    expect(await membership(member.id)).toMatchObject({ role: "viewer" });
    expect((await me(headers)).organization.id).toBe(owner.organizationId);
    expect((await join(headers, token)).status).toBe(422);
  });
});
