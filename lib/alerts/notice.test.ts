import { describe, expect, it } from "vitest";
import { thresholdReached } from "@/lib/alerts/notice";

const limits = { failures: 1000, days: 5, thresholds: [50, 75, 90] };
const now = Date.parse("2026-12-05T12:00:00Z");
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();

describe("thresholdReached", () => {
  it("is the highest threshold reached by count or by time, whichever is further", () => {
    expect(thresholdReached({ consecutive_failures: 499, failing_since: hoursAgo(1) }, now, limits)).toBe(0);
    expect(thresholdReached({ consecutive_failures: 500, failing_since: hoursAgo(1) }, now, limits)).toBe(50);
    expect(thresholdReached({ consecutive_failures: 950, failing_since: hoursAgo(1) }, now, limits)).toBe(90);
    // 5 days: 60 h is 50 %, 90 h is 75 %
    expect(thresholdReached({ consecutive_failures: 3, failing_since: hoursAgo(60) }, now, limits)).toBe(50);
    expect(thresholdReached({ consecutive_failures: 3, failing_since: hoursAgo(90) }, now, limits)).toBe(75);
    expect(thresholdReached({ consecutive_failures: 800, failing_since: hoursAgo(61) }, now, limits)).toBe(75);
  });

  it("counts time only when the count limit is off", () => {
    expect(thresholdReached({ consecutive_failures: 10_000, failing_since: hoursAgo(1) }, now, { ...limits, failures: 0 })).toBe(0);
    expect(thresholdReached({ consecutive_failures: 1, failing_since: hoursAgo(110) }, now, { ...limits, failures: 0 })).toBe(90);
  });
});
