/**
 * Volume shape of the demo month: which days and hours are busy.
 *
 * Modelled on the sample report's 2.1.3 / 2.2.3 tables (December 2021, a
 * Japanese office): weekdays ~0.9–1.8 M firewall logs, weekends and holidays
 * ~5–10 % of a weekday, a year-end run-down from Dec 27 and a near-stop over
 * the New Year holidays (Dec 29 – Jan 3).
 */
import { Rng, hash32 } from "./prng";
import { dayOfWeek, parseMonth } from "./time";

/** Weight of a weekend / holiday relative to a weekday (sample: 5–10 %). */
export const WEEKEND_WEIGHT = 0.07;

/** Year-end / New-Year factors (applied as a cap on the day's weight). */
const YEAR_END: Record<string, number> = {
  "12-27": 0.55,
  "12-28": 0.7,
  "12-29": 0.45,
  "12-30": 0.22,
  "12-31": 0.14,
  "01-01": 0.06,
  "01-02": 0.06,
  "01-03": 0.08,
};

function nthMonday(y: number, m1: number, n: number): number {
  const first = dayOfWeek(y, m1, 1);
  return 1 + ((8 - first) % 7) + (n - 1) * 7;
}

/** Japanese national holidays (fixed, Happy-Monday and equinox rules; substitute holidays on Mondays). */
export function japaneseHolidays(y: number): Set<string> {
  const out = new Set<string>();
  const add = (m: number, d: number) => out.add(`${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
  const fixed: Array<[number, number]> = [
    [1, 1],
    [2, 11],
    [2, 23],
    [4, 29],
    [5, 3],
    [5, 4],
    [5, 5],
    [8, 11],
    [11, 3],
    [11, 23],
  ];
  fixed.forEach(([m, d]) => add(m, d));
  add(1, nthMonday(y, 1, 2));
  add(7, nthMonday(y, 7, 3));
  add(9, nthMonday(y, 9, 3));
  add(10, nthMonday(y, 10, 2));
  // equinox approximations valid for 1980–2099
  add(3, Math.floor(20.8431 + 0.242194 * (y - 1980) - Math.floor((y - 1980) / 4)));
  add(9, Math.floor(23.2488 + 0.242194 * (y - 1980) - Math.floor((y - 1980) / 4)));
  // substitute holiday: a holiday on Sunday moves to the next non-holiday day
  for (const key of Array.from(out)) {
    const [m, d] = key.split("-").map(Number) as [number, number];
    if (dayOfWeek(y, m, d) === 0) {
      const t = new Date(Date.UTC(y, m - 1, d + 1));
      while (out.has(`${String(t.getUTCMonth() + 1).padStart(2, "0")}-${String(t.getUTCDate()).padStart(2, "0")}`)) t.setUTCDate(t.getUTCDate() + 1);
      add(t.getUTCMonth() + 1, t.getUTCDate());
    }
  }
  return out;
}

export interface DayShape {
  /** 1-based day of month */
  day: number;
  /** "YYYY-MM-DD" */
  date: string;
  /** 0 = Sunday */
  weekday: number;
  /** weekend, national holiday (Asia/Tokyo only) or year-end break */
  offDay: boolean;
  /** relative volume; weekdays ≈ 1 */
  weight: number;
}

/**
 * Relative daily volume of a month (weekday ≈ 1, weekend ≈ 0.07, year-end drop),
 * with a deterministic ±20 % jitter per weekday. Exported so tests can check
 * weekday > weekend; `generateMonth` uses exactly these weights for firewall
 * and URL logs.
 */
export function dailyVolumeShape(month: string, opts: { seed?: number; timeZone?: string } = {}): DayShape[] {
  const { year, month: m, days } = parseMonth(month);
  const rng = new Rng(hash32(`shape:${month}:${opts.seed ?? 1}`));
  const holidays = (opts.timeZone ?? "Asia/Tokyo") === "Asia/Tokyo" ? japaneseHolidays(year) : new Set<string>();
  const out: DayShape[] = [];
  for (let d = 1; d <= days; d++) {
    const wd = dayOfWeek(year, m, d);
    const key = `${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    const weekend = wd === 0 || wd === 6;
    const holiday = holidays.has(key);
    const jitter = 0.8 + 0.4 * rng.float();
    let w = weekend || holiday ? WEEKEND_WEIGHT * (0.6 + 0.8 * rng.float()) : jitter;
    const ye = YEAR_END[key];
    if (ye !== undefined) w = Math.min(w, ye * (0.9 + 0.2 * rng.float()));
    out.push({
      day: d,
      date: `${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
      weekday: wd,
      offDay: weekend || holiday || (ye !== undefined && ye < 0.3),
      weight: w,
    });
  }
  return out;
}

/** Shorthand: just the weights, index 0 = day 1. */
export function dailyVolumeWeights(month: string, opts: { seed?: number; timeZone?: string } = {}): number[] {
  return dailyVolumeShape(month, opts).map((d) => d.weight);
}

/** Relative volume per local hour (0–23) for working days and off days. */
export const HOURLY_WORKDAY = [
  0.1, 0.08, 0.07, 0.07, 0.07, 0.08, 0.15, 0.35, 0.9, 1.5, 1.6, 1.55, 1.1, 1.5, 1.6, 1.55, 1.5, 1.3, 0.9, 0.6, 0.4, 0.28, 0.2, 0.14,
];
export const HOURLY_OFFDAY = [
  0.5, 0.45, 0.4, 0.4, 0.4, 0.4, 0.45, 0.55, 0.75, 0.95, 1.1, 1.15, 1.1, 1.15, 1.15, 1.1, 1.05, 1.0, 0.95, 0.9, 0.8, 0.7, 0.6, 0.55,
];
