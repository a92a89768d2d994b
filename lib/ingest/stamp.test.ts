import { describe, expect, it } from "vitest";
import { makeStamper } from "./stamp";
import { makeLocalTimeConverter } from "./panos/time";

/** The stamp's instant, after checking that its text and its milliseconds agree. */
function utc(s: { text: string; ms: number } | null): string | null {
  if (!s) return null;
  expect(new Date(s.text.replace(" ", "T")).getTime()).toBe(s.ms);
  return new Date(s.ms).toISOString();
}

describe("makeStamper", () => {
  it("gives the same instant as a Date conversion, with the UTC month", () => {
    const tokyo = makeStamper("Asia/Tokyo");
    expect(tokyo("2021-12-01 00:00:00")).toEqual({ text: "2021-12-01 00:00:00+09:00", ms: Date.UTC(2021, 10, 30, 15), utcMonth: "2021-11" });
    expect(tokyo("2021-12-01 09:00:00")).toEqual({ text: "2021-12-01 09:00:00+09:00", ms: Date.UTC(2021, 11, 1), utcMonth: "2021-12" });
    expect(utc(tokyo("2021-12-01 09:07:42"))).toBe("2021-12-01T00:07:42.000Z");
    expect(utc(tokyo("2021-12-31 23:59:59"))).toBe("2021-12-31T14:59:59.000Z");
  });

  it("handles zones with half-hour offsets at a month boundary and DST changes", () => {
    const india = makeStamper("Asia/Kolkata");
    expect(india("2021-12-01 05:29:59")).toMatchObject({ utcMonth: "2021-11" });
    expect(india("2021-12-01 05:30:00")).toMatchObject({ utcMonth: "2021-12" });
    const ny = makeStamper("America/New_York");
    expect(utc(ny("2021-03-14 01:59:59"))).toBe("2021-03-14T06:59:59.000Z");
    expect(utc(ny("2021-03-14 03:00:00"))).toBe("2021-03-14T07:00:00.000Z");
    expect(utc(ny("2021-07-01 12:00:00"))).toBe("2021-07-01T16:00:00.000Z");
    // Inside the fall-back hour (two offsets: the slow path) and right after it.
    expect(utc(ny("2021-11-07 01:30:00"))).toBe(new Date(makeLocalTimeConverter("America/New_York")("2021-11-07 01:30:00")!).toISOString());
    expect(utc(ny("2021-11-07 02:00:01"))).toBe("2021-11-07T07:00:01.000Z");
    expect(utc(india("2021-12-01 05:29:59"))).toBe("2021-11-30T23:59:59.000Z");
  });

  it("rejects impossible times", () => {
    const tokyo = makeStamper("Asia/Tokyo");
    expect(tokyo("2021-12-01 10:61:00")).toBeNull();
    expect(tokyo("2021-02-30 10:00:00")).toBeNull();
    expect(tokyo("garbage")).toBeNull();
  });
  it("gives each line its own hour's offset when consecutive lines cross an hour, a month or a DST change", () => {
    const ny = makeStamper("America/New_York");
    const seq = ["2021-11-07 00:59:59", "2021-11-07 00:59:59", "2021-11-07 01:30:00", "2021-11-07 02:00:00", "2021-11-07 02:00:00", "2021-11-30 18:59:59", "2021-11-30 19:00:00", "2021-11-07 00:10:00"];
    const fresh = (local: string) => makeStamper("America/New_York")(local); // no earlier line cached
    for (const local of seq) expect(ny(local)).toEqual(fresh(local));
    expect(ny("2021-11-30 19:00:00")).toMatchObject({ utcMonth: "2021-12" });
    expect(ny("2021-11-30 18:59:59")).toMatchObject({ utcMonth: "2021-11" });
  });
});
