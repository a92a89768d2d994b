import { describe, expect, it } from "vitest";
import { localDayKey, localMonthKey, makeLocalTimeConverter } from "./time";

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

describe("makeLocalTimeConverter", () => {
  it("UTC day and month boundaries", () => {
    const c = makeLocalTimeConverter("UTC");
    expect(iso(c("2024-01-31 23:59:59"))).toBe("2024-01-31T23:59:59.000Z");
    expect(iso(c("2024-02-01 00:00:00"))).toBe("2024-02-01T00:00:00.000Z");
    expect(iso(c("2024/12/31 23:59:59"))).toBe("2024-12-31T23:59:59.000Z");
  });

  it("Asia/Tokyo boundaries (23:59:59 / 00:00:00 local)", () => {
    const c = makeLocalTimeConverter("Asia/Tokyo");
    expect(iso(c("2024-03-31 23:59:59"))).toBe("2024-03-31T14:59:59.000Z");
    expect(iso(c("2024-04-01 00:00:00"))).toBe("2024-03-31T15:00:00.000Z");
    expect(iso(c("2025/01/01 00:00:00"))).toBe("2024-12-31T15:00:00.000Z");
  });

  it("accepts slash separators, T and fractional seconds", () => {
    const c = makeLocalTimeConverter("Asia/Tokyo");
    expect(iso(c("2024/04/01 09:00:00"))).toBe("2024-04-01T00:00:00.000Z");
    expect(iso(c("2024-04-01T09:00:00"))).toBe("2024-04-01T00:00:00.000Z");
    expect(iso(c("2024-04-01 09:00:00.250"))).toBe("2024-04-01T00:00:00.250Z");
  });

  it("parses strings with Z or an offset directly, whatever the zone", () => {
    const c = makeLocalTimeConverter("America/New_York");
    expect(iso(c("2021-05-26T16:27:07.000000Z"))).toBe("2021-05-26T16:27:07.000Z");
    expect(iso(c("2024-04-09T16:57:37.089+02:00"))).toBe("2024-04-09T14:57:37.089Z");
    expect(iso(c("1969-12-31T16:00:00.000-08:00"))).toBe("1970-01-01T00:00:00.000Z");
    expect(iso(c("2020-03-27T09:57:41+0100"))).toBe("2020-03-27T08:57:41.000Z");
  });

  it("fixed-offset zones", () => {
    expect(iso(makeLocalTimeConverter("-02:00")("2018-11-30 16:09:07"))).toBe("2018-11-30T18:09:07.000Z");
    expect(iso(makeLocalTimeConverter("+09:30")("2018-11-30 16:44:36"))).toBe("2018-11-30T07:14:36.000Z");
  });

  it("invalid input → null", () => {
    const c = makeLocalTimeConverter("Europe/Berlin");
    for (const s of ["", "garbage", "2024-02-30 00:00:00", "2023-02-29 12:00:00", "2024-13-01 00:00:00", "2024-01-01 24:00:00", "2024-01-01 10:60:00", "2024-01-01 10:00:00+25:00", "2024-01-01 10:00:00 PM"]) {
      expect(c(s), s).toBeNull();
    }
    expect(iso(c("2024-02-29 12:00:00"))).toBe("2024-02-29T11:00:00.000Z");
  });

  it("America/New_York spring forward (02:00 → 03:00 on 2024-03-10)", () => {
    const c = makeLocalTimeConverter("America/New_York");
    expect(iso(c("2024-03-10 01:59:59"))).toBe("2024-03-10T06:59:59.000Z"); // EST
    expect(iso(c("2024-03-10 03:00:00"))).toBe("2024-03-10T07:00:00.000Z"); // EDT
    // 02:30 does not exist: read with the offset before the gap, i.e. 03:30 EDT.
    expect(iso(c("2024-03-10 02:30:00"))).toBe("2024-03-10T07:30:00.000Z");
  });

  it("America/New_York fall back (02:00 → 01:00 on 2024-11-03): ambiguous hour = first occurrence", () => {
    const c = makeLocalTimeConverter("America/New_York");
    expect(iso(c("2024-11-03 00:59:59"))).toBe("2024-11-03T04:59:59.000Z");
    expect(iso(c("2024-11-03 01:00:00"))).toBe("2024-11-03T05:00:00.000Z"); // EDT, not 06:00Z
    expect(iso(c("2024-11-03 01:59:59"))).toBe("2024-11-03T05:59:59.000Z");
    expect(iso(c("2024-11-03 02:00:00"))).toBe("2024-11-03T07:00:00.000Z"); // EST
  });

  it("Europe/Berlin transitions", () => {
    const c = makeLocalTimeConverter("Europe/Berlin");
    expect(iso(c("2024-03-31 01:59:59"))).toBe("2024-03-31T00:59:59.000Z");
    expect(iso(c("2024-03-31 03:00:00"))).toBe("2024-03-31T01:00:00.000Z");
    expect(iso(c("2024-10-27 02:30:00"))).toBe("2024-10-27T00:30:00.000Z"); // first (CEST) occurrence
    expect(iso(c("2024-10-27 03:00:00"))).toBe("2024-10-27T02:00:00.000Z");
  });

  it("unknown zone throws", () => {
    expect(() => makeLocalTimeConverter("Mars/Olympus_Mons")).toThrow(RangeError);
  });

  it("round-trips every 45 minutes of 2024 against Intl in zones with DST and odd offsets", () => {
    for (const zone of ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns"]) {
      const c = makeLocalTimeConverter(zone);
      const fmt = new Intl.DateTimeFormat("sv-SE", {
        timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
      });
      const start = Date.UTC(2024, 0, 1);
      for (let t = start; t < Date.UTC(2025, 0, 1); t += 45 * 60_000) {
        const local = fmt.format(t); // "2024-03-10 01:45:00"
        const back = c(local)!.getTime();
        // Unique wall times map back exactly; a repeated one maps to its first occurrence.
        if (back !== t) {
          expect(back, `${zone} ${local}`).toBeLessThan(t);
          expect(fmt.format(back)).toBe(local);
        }
      }
    }
  });
});

describe("localDayKey / localMonthKey", () => {
  it("Asia/Tokyo midnight boundary", () => {
    expect(localDayKey(new Date("2024-03-31T14:59:59Z"), "Asia/Tokyo")).toBe("2024-03-31");
    expect(localDayKey(new Date("2024-03-31T15:00:00Z"), "Asia/Tokyo")).toBe("2024-04-01");
    expect(localMonthKey(new Date("2024-03-31T14:59:59Z"), "Asia/Tokyo")).toBe("2024-03");
    expect(localMonthKey(new Date("2024-03-31T15:00:00Z"), "Asia/Tokyo")).toBe("2024-04");
  });

  it("UTC boundary", () => {
    expect(localDayKey(new Date("2024-12-31T23:59:59.999Z"), "UTC")).toBe("2024-12-31");
    expect(localDayKey(new Date("2025-01-01T00:00:00Z"), "UTC")).toBe("2025-01-01");
    expect(localMonthKey(Date.UTC(2025, 0, 1), "UTC")).toBe("2025-01");
  });

  it("across DST (America/New_York)", () => {
    expect(localDayKey(new Date("2024-03-10T04:59:59Z"), "America/New_York")).toBe("2024-03-09");
    expect(localDayKey(new Date("2024-03-10T05:00:00Z"), "America/New_York")).toBe("2024-03-10");
    expect(localDayKey(new Date("2024-11-04T03:59:59Z"), "America/New_York")).toBe("2024-11-03");
    expect(localDayKey(new Date("2024-11-04T04:59:59Z"), "America/New_York")).toBe("2024-11-03");
    expect(localDayKey(new Date("2024-11-04T05:00:00Z"), "America/New_York")).toBe("2024-11-04");
  });

  it("matches Intl for every 30 minutes of 2024 in several zones", () => {
    for (const zone of ["UTC", "Asia/Tokyo", "America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham"]) {
      const fmt = new Intl.DateTimeFormat("sv-SE", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
      for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 30 * 60_000) {
        const want = fmt.format(t);
        if (localDayKey(t, zone) !== want) expect(`${zone} ${new Date(t).toISOString()} → ${localDayKey(t, zone)}`).toBe(want);
        if (localMonthKey(t + 60_000 * 14, zone) !== fmt.format(t + 60_000 * 14).slice(0, 7)) {
          expect(localMonthKey(t + 60_000 * 14, zone)).toBe(fmt.format(t + 60_000 * 14).slice(0, 7));
        }
      }
    }
  });
});
