// Without SMTP_URL the product does not pretend: messages are kept as unsent, and the links reach
// people another way (the invitation's link in the answer, an admin's reset link for a member).
import { beforeAll, expect, it } from "vitest";
import { POST as requestRoute } from "@/app/api/password-reset/route";
import { POST as inviteRoute } from "@/app/api/v1/invitations/route";
import { ensureAccount, type SessionUser } from "@/lib/auth/accounts";
import { prisma } from "@/lib/db";
import { callRoute, sessionHeaders } from "@/test/api-client";

let owner: SessionUser;
beforeAll(async () => {
  delete process.env.SMTP_URL;
  owner = (await ensureAccount("dona@semsmtp.test", "Sem SMTP LTDA")).user;
});

it("keeps the invitation as unsent and answers its link to the admin", async () => {
  const invited = await callRoute(inviteRoute, "POST", "/api/v1/invitations", {
    headers: await sessionHeaders(owner),
    body: { email: "colega@semsmtp.test" },
  });
  expect(invited.status).toBe(201);
  expect(invited.json.invitation).toMatchObject({ message_status: "unsent", link: expect.stringMatching(/\/invite\?token=[\w-]{43}$/) });
  expect(await prisma.message.findFirstOrThrow({ where: { toAddress: "colega@semsmtp.test" } })).toMatchObject({
    status: "unsent",
    error: expect.stringMatching(/SMTP not configured/),
  });
});

it("says a password reset cannot be e-mailed, whatever the address", async () => {
  const response = await callRoute(requestRoute, "POST", "/api/password-reset", { body: { email: "dona@semsmtp.test" } });
  expect(response.json).toEqual({ ok: true, email_configured: false });
  expect(await prisma.message.findFirstOrThrow({ where: { toAddress: "dona@semsmtp.test" } })).toMatchObject({ status: "unsent" });
});
