// Many workers alerting about the same endpoint at once, more of them than the pool has connections:
// one message per person, nobody waits on anybody (no connection is held on a lock), nothing hangs.
import { expect, it } from "vitest";
import { alertDisabled, endpointContext } from "@/lib/alerts/notify";
import { pool, prisma } from "@/lib/db";
import { newEndpoint, newOrganization } from "@/test/engine-helpers";

it("sends one disabled alert however many workers announce it at once", { timeout: 20_000 }, async () => {
  const org = await newOrganization("simultaneo");
  const { id } = await newEndpoint(org, { url: "http://127.0.0.1:9/erp" });
  const context = (await endpointContext(pool(), id))!;
  // 40 at once: twice the pool's connections
  await Promise.all(Array.from({ length: 40 }, () => alertDisabled(pool(), context)));
  const messages = await prisma.message.findMany({ where: { subjectKey: `endpoint_disabled:${id}` } });
  expect(messages).toHaveLength(1);
  // and the subject is free again: the next hour's alert is not blocked by a leftover claim
  expect((await pool().query(`SELECT 1 FROM rate_limits WHERE key LIKE 'alert-sending:%'`)).rowCount).toBe(0);
});
