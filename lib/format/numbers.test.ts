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
