import { describe, expect, it } from "vitest";
import { jsonProblemAt } from "@/components/events/json-problem";

function problemOf(text: string) {
  try {
    JSON.parse(text);
  } catch (error) {
    return jsonProblemAt(text, error);
  }
  throw new Error(`${text} is JSON`);
}

describe("where the simulator's JSON stops being JSON", () => {
  it("names the line and column of a missing comma", () => {
    expect(problemOf('{\n  "a": 1\n  "b": 2\n}')).toEqual({ line: 3, column: 3 });
  });

  it("names the end of a text cut short", () => {
    expect(problemOf('{\n  "a": [1, 2')).toEqual({ line: 2, column: 13 });
  });

  it("says nothing it cannot place", () => {
    expect(jsonProblemAt("{", new Error("something else"))).toBeUndefined();
  });
});
