import { describe, expect, it, vi } from "vitest";
import { batched } from "@/lib/batch";

/** A run whose answer the test gives: each call of `run` waits for `answer(i)` of its own. */
function controlledRun() {
  const runs: { inputs: number[]; answer: (outputs: string[]) => void; fail: (error: Error) => void }[] = [];
  const run = (inputs: number[]) =>
    new Promise<string[]>((answer, fail) => {
      runs.push({ inputs, answer, fail });
    });
  return { runs, run };
}

describe("batched", () => {
  it("runs an idle call at once, alone; the calls that arrive meanwhile share the next run, each with its own answer", async () => {
    const { runs, run } = controlledRun();
    const call = batched(run, { max: 100 });
    const first = call(1);
    const rest = [call(2), call(3), call(4)];
    expect(runs.map((r) => r.inputs)).toEqual([[1]]);
    runs[0]!.answer(["um"]);
    expect(await first).toBe("um");
    await vi.waitFor(() => expect(runs.map((r) => r.inputs)).toEqual([[1], [2, 3, 4]]));
    runs[1]!.answer(["dois", "três", "quatro"]);
    expect(await Promise.all(rest)).toEqual(["dois", "três", "quatro"]);
  });

  it("takes at most `max` inputs a run", async () => {
    const { runs, run } = controlledRun();
    const call = batched(run, { max: 2 });
    const calls = [1, 2, 3, 4, 5].map((n) => call(n));
    runs[0]!.answer(["a"]);
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    runs[1]!.answer(["b", "c"]);
    await vi.waitFor(() => expect(runs).toHaveLength(3));
    expect(runs.map((r) => r.inputs)).toEqual([[1], [2, 3], [4, 5]]);
    runs[2]!.answer(["d", "e"]);
    expect(await Promise.all(calls)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("gives a failed run's error to each of its calls, and the next run goes on", async () => {
    const { runs, run } = controlledRun();
    const call = batched(run, { max: 100 });
    const failing = call(1);
    const later = call(2);
    runs[0]!.fail(new Error("conexão perdida"));
    await expect(failing).rejects.toThrow("conexão perdida");
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    runs[1]!.answer(["ok"]);
    expect(await later).toBe("ok");
  });

  it("fails a run that never answers after timeoutMs (ETIMEDOUT), and the calls behind it run", async () => {
    const { runs, run } = controlledRun();
    const call = batched(run, { max: 100, timeoutMs: 50 });
    const stuck = call(1);
    const behind = call(2);
    await expect(stuck).rejects.toMatchObject({ code: "ETIMEDOUT" });
    await vi.waitFor(() => expect(runs.map((r) => r.inputs)).toEqual([[1], [2]]));
    runs[1]!.answer(["segue"]);
    expect(await behind).toBe("segue");
    // the stuck run's late answer changes nothing
    runs[0]!.answer(["tarde"]);
    expect(await stuck.catch((error: { code?: string }) => error.code)).toBe("ETIMEDOUT");
  });
});
