// The quick soak inside `npm test`: misbehaving receivers, workers SIGKILLed, an endpoint
// auto-disabled and re-enabled mid-run — and the promise checked (scripts/soak/run.ts).
import { expect, it } from "vitest";
import { formatTable, runSoak } from "./run";

it("loses nothing, signs everything, leaves nothing stuck, and logs every request receivers saw", { timeout: 150_000 }, async () => {
  const result = await runSoak({ events: 400, publishMs: 20_000, killEveryMs: 7_000, settleMs: 40_000 });
  console.log(formatTable(result.rows));
  expect(result.failures).toEqual([]);
});
