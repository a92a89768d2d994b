import { describe, expect, it } from "vitest";
import { formatCount, formatPercent, formatPt, formatRatio } from "./numbers";

describe("report number formats", () => {
  it("match the sample report", () => {
    expect(formatCount(41946836)).toBe("41,946,836");
    expect(formatPercent(109.04)).toBe("109.04%");
    expect(formatPercent(100)).toBe("100.00%");
    expect(formatPt(1.16)).toBe("1.16pt");
    expect(formatPt(-0.5)).toBe("-0.50pt");
    expect(formatRatio(41946836, 38467358)).toBe("109.04%");
    expect(formatRatio(8, 5)).toBe("160.00%");
    expect(formatRatio(2, 0)).toBe("-");
    expect(formatCount(null)).toBe("-");
  });
});

describe("percent", () => {
  it("cuts to 2 decimals like the sample (34.27%, not 34.28%)", async () => {
    const { percent, pointChange } = await import("./numbers");
    expect(percent(14377645, 41946836)).toBe(34.27);
    expect(percent(12736899, 38467358)).toBe(33.11);
    expect(pointChange(34.27, 33.11)).toBe(1.16);
    expect(percent(14377645, 12736899)).toBe(112.88);
    expect(percent(57, 100)).toBe(57);
    expect(percent(1, 3)).toBe(33.33);
    expect(percent(2, 3)).toBe(66.66);
    expect(percent(1, 0)).toBeNull();
  });
});
