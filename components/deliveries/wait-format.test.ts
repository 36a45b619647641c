// The attempt timeline's gaps ("+5 s", "+5 min") and the retry schedule's waits, in pt-BR and English.
import { describe, expect, it } from "vitest";
import { formatGap, formatWait } from "@/components/deliveries/wait-format";

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 5, 17, 0, 0) + seconds * 1000).toISOString();

describe("formatGap", () => {
  it("reads the default schedule's first waits as people write them", () => {
    expect(formatGap(at(0), at(5), "pt-BR")).toBe("+5 s");
    expect(formatGap(at(0), at(300), "pt-BR")).toBe("+5 min");
    expect(formatGap(at(0), at(2 * 3600), "en")).toBe("+2 h");
  });

  it("keeps two units at most, the second only when it follows the first", () => {
    expect(formatGap(at(0), at(4 * 60 + 12), "pt-BR")).toBe("+4 min 12 s");
    expect(formatGap(at(0), at(2 * 3600 + 30 * 60 + 59), "en")).toBe("+2 h 30 min");
    expect(formatGap(at(0), at(27 * 3600), "pt-BR")).toBe("+27 h");
    expect(formatGap(at(0), at(3 * 86_400 + 2 * 3600 + 5 * 60), "en")).toBe("+3 d 2 h");
    expect(formatGap(at(0), at(3 * 86_400 + 5 * 60), "pt-BR")).toBe("+3 d");
  });

  it("writes fractions the way each language does", () => {
    expect(formatGap(at(0), at(1.5), "pt-BR")).toBe("+1,5 s");
    expect(formatGap(at(0), at(1.5), "en")).toBe("+1.5 s");
    expect(formatGap(at(0), at(0.4), "pt-BR")).toBe("+400 ms");
  });

  it("rounds to whole seconds past ten, carrying into minutes", () => {
    expect(formatGap(at(0), at(59.6), "pt-BR")).toBe("+1 min");
    expect(formatGap(at(0), at(12.4), "en")).toBe("+12 s");
  });

  it("never goes negative when clocks disagree", () => {
    expect(formatGap(at(5), at(0), "pt-BR")).toBe("+0 ms");
  });
});

describe("formatWait", () => {
  it("writes a schedule's waits: WEBHOOK_RETRY_SCHEDULE=1,2 and the Focus preset", () => {
    expect([1, 2].map((s) => formatWait(s, "pt-BR"))).toEqual(["1 s", "2 s"]);
    expect([60, 1800, 3600, 10_800, 86_400].map((s) => formatWait(s, "en"))).toEqual(["1 min", "30 min", "1 h", "3 h", "24 h"]);
  });
});
