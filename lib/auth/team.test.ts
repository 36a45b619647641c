// Password reset, invitations, role changes and removal, with a real SMTP server on loopback and a
// real worker process sending the outbox.
import { vi } from "vitest";

const smtp = await vi.hoisted(async () => {
  const { startSmtpSink } = await import("@/test/smtp");
  const sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.APP_URL = "http://painel.test";
  return sink;
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as acceptRoute } from "@/app/api/invitations/accept/route";
import { POST as confirmRoute } from "@/app/api/password-reset/confirm/route";
import { POST as requestRoute } from "@/app/api/password-reset/route";
import { POST as inviteRoute } from "@/app/api/v1/invitations/route";
import { POST as resetLinkRoute } from "@/app/api/v1/members/[id]/password-reset/route";
import { DELETE as removeRoute, PATCH as roleRoute } from "@/app/api/v1/members/[id]/route";
import { checkCredentials, ensureAccount, sessionUserFor, type SessionUser } from "@/lib/auth/accounts";
import { liveSession, startSession } from "@/lib/auth/sessions";
import { authenticateToken, createApiToken } from "@/lib/auth/tokens";
import { pool, prisma } from "@/lib/db";
import { killWorkers, spawnWorker, waitFor } from "@/test/engine-helpers";
import { callRoute, sessionHeaders } from "@/test/api-client";
import { linkIn } from "@/test/smtp";

let owner: SessionUser;
/** A signed-in dashboard request's headers (APP_URL is the origin here). */
const dashboard = async (user: SessionUser) => ({ ...(await sessionHeaders(user)), origin: "http://painel.test" });
let ownerHeaders: Record<string, string>;

beforeAll(async () => {
  owner = (await ensureAccount("dona@time.test", "Time LTDA")).user;
  await prisma.user.update({ where: { id: owner.id }, data: { name: "Dona Maria" } });
  ownerHeaders = await dashboard(owner);
  const worker = spawnWorker({ SMTP_URL: smtp.url });
  await worker.ready;
});
afterAll(async () => {
  await killWorkers();
  await smtp.close();
});

const mailTo = (address: string) => waitFor(`a message to ${address}`, () => smtp.mails.find((m) => m.to.includes(address)));
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

describe("password reset", () => {
  it("sends a single-use link by e-mail that sets the password and ends every other session; an unknown e-mail gets the same answer", async () => {
    const { user } = await ensureAccount("esqueci@time.test", "Esqueci LTDA");
    const session = await startSession(user.id);
    const known = await callRoute(requestRoute, "POST", "/api/password-reset", { body: { email: "Esqueci@time.test" } });
    const unknown = await callRoute(requestRoute, "POST", "/api/password-reset", { body: { email: "ninguem@time.test" } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.json).toEqual(known.json);

    const mail = await mailTo("esqueci@time.test");
    expect(mail.raw).toMatch(/Redefinir senha/);
    const link = linkIn(mail, "/reset-password?token=");
    expect(link.startsWith("http://painel.test/reset-password?token=")).toBe(true);
    expect(smtp.mails.some((m) => m.to.includes("ninguem@time.test"))).toBe(false);
    // the message is marked sent once the SMTP server has accepted it, a moment after it arrived there
    await waitFor("the reset e-mail marked sent", async () =>
      (await prisma.message.findFirst({ where: { toAddress: "esqueci@time.test" } }))?.status === "sent" ? true : undefined,
    );

    const confirm = (token: string) =>
      callRoute(confirmRoute, "POST", "/api/password-reset/confirm", { body: { token, password: "nova-senha-forte" } });
    expect((await confirm(tokenOf(link))).status).toBe(200);
    expect(await checkCredentials("esqueci@time.test", "nova-senha-forte")).not.toBeNull();
    expect(await liveSession(user.id, user.organizationId, session)).toBeNull();

    const again = await confirm(tokenOf(link));
    expect(again.status).toBe(422);
    expect(again.json.field_codes.token).toEqual(["link.invalid"]);
  });

  it("links expire after one hour", async () => {
    const { user } = await ensureAccount("expira@time.test", "Expira LTDA");
    const made = await callRoute(resetLinkRoute, "POST", `/api/v1/members/${owner.id}/password-reset`, {
      id: owner.id,
      headers: ownerHeaders,
    });
    expect(made.status).toBe(201);
    await pool().query(`UPDATE one_time_links SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [owner.id]);
    const late = await callRoute(confirmRoute, "POST", "/api/password-reset/confirm", {
      body: { token: tokenOf(made.json.link), password: "outra-senha-1" },
    });
    expect(late.status).toBe(422);
    void user;
  });
});

describe("invitations", () => {
  it("reach the person by e-mail; the link creates their account with the role, once", async () => {
    const invited = await callRoute(inviteRoute, "POST", "/api/v1/invitations", {
      headers: ownerHeaders,
      body: { email: "Colega@time.test", role: "admin" },
    });
    expect(invited.status).toBe(201);
    const mail = await mailTo("colega@time.test");
    expect(mail.raw).toMatch(/Dona Maria convidou voc/);
    const token = tokenOf(linkIn(mail, "/invite?token="));
    expect(token).toBe(tokenOf(invited.json.invitation.link));

    const accepted = await callRoute(acceptRoute, "POST", "/api/invitations/accept", {
      body: { token, name: "Colega", password: "senha-da-colega" },
    });
    expect(accepted.status).toBe(201);
    const user = await checkCredentials("colega@time.test", "senha-da-colega");
    expect(user).toMatchObject({ organizationId: owner.organizationId, role: "admin" });
    expect(
      (await callRoute(acceptRoute, "POST", "/api/invitations/accept", { body: { token, name: "X", password: "outra-senha" } })).status,
    ).toBe(422);
  });

  it("of a member already in the organization is a 422 naming the e-mail", async () => {
    const again = await callRoute(inviteRoute, "POST", "/api/v1/invitations", { headers: ownerHeaders, body: { email: "dona@time.test" } });
    expect(again.status).toBe(422);
    expect(again.json.field_codes.email).toEqual(["member.exists"]);
  });
});

describe("members", () => {
  async function member(role: "admin" | "viewer" | "owner") {
    const user = await prisma.user.create({ data: { email: `m${Math.random()}@time.test`, name: "Membro", passwordHash: "x" } });
    await prisma.membership.create({ data: { userId: user.id, organizationId: owner.organizationId, role } });
    return user.id;
  }

  it("change roles; the last owner can be neither demoted nor removed; an admin cannot touch an owner", async () => {
    const id = await member("viewer");
    expect(
      (await callRoute(roleRoute, "PATCH", `/api/v1/members/${id}`, { id, headers: ownerHeaders, body: { role: "admin" } })).status,
    ).toBe(200);
    expect((await prisma.membership.findFirstOrThrow({ where: { userId: id } })).role).toBe("admin");

    const lastOwner = await callRoute(roleRoute, "PATCH", `/api/v1/members/${owner.id}`, {
      id: owner.id,
      headers: ownerHeaders,
      body: { role: "admin" },
    });
    expect(lastOwner.status).toBe(409);
    expect((await callRoute(removeRoute, "DELETE", `/api/v1/members/${owner.id}`, { id: owner.id, headers: ownerHeaders })).status).toBe(
      409,
    );

    const admin = (await sessionUserFor(id))!;
    const byAdmin = await callRoute(roleRoute, "PATCH", `/api/v1/members/${owner.id}`, {
      id: owner.id,
      headers: await dashboard(admin),
      body: { role: "viewer" },
    });
    expect(byAdmin.status).toBe(422);
    expect(
      (
        await callRoute(roleRoute, "PATCH", "/api/v1/members/nao-e-uuid", {
          id: "nao-e-uuid",
          headers: ownerHeaders,
          body: { role: "viewer" },
        })
      ).status,
    ).toBe(404);
  });

  it("an admin cannot make a password link for an owner, nor anyone for a person who is also in another organization", async () => {
    const adminId = await member("admin");
    const adminHeaders = await dashboard((await sessionUserFor(adminId))!);
    const link = (id: string, headers: Record<string, string>) =>
      callRoute(resetLinkRoute, "POST", `/api/v1/members/${id}/password-reset`, { id, headers });
    const forOwner = await link(owner.id, adminHeaders);
    expect(forOwner.status).toBe(403);
    expect(forOwner.json.code).toBe("role.forbidden");

    // the password would open the other organization too
    const shared = await member("viewer");
    const other = (await ensureAccount("outra-dona@time.test", "Outra LTDA")).user;
    await prisma.membership.create({ data: { userId: shared, organizationId: other.organizationId, role: "viewer" } });
    expect((await link(shared, ownerHeaders)).status).toBe(409);

    const solo = await member("viewer");
    expect((await link(solo, adminHeaders)).status).toBe(201);
    expect(
      await prisma.oneTimeLink.count({ where: { kind: "password_reset", userId: { in: [owner.id, shared] }, createdById: adminId } }),
    ).toBe(0);
  });

  it("removed lose their API tokens and sessions", async () => {
    const id = await member("admin");
    const { token } = await createApiToken(owner.organizationId, { name: "dele", createdById: id });
    const session = await startSession(id);
    expect(await authenticateToken(token)).not.toBeNull();
    expect((await callRoute(removeRoute, "DELETE", `/api/v1/members/${id}`, { id, headers: ownerHeaders })).status).toBe(204);
    expect(await authenticateToken(token)).toBeNull();
    expect(await prisma.apiToken.count({ where: { createdById: id, revokedAt: null } })).toBe(0);
    expect(await prisma.session.count({ where: { id: session, endedAt: null } })).toBe(0);
  });
});
