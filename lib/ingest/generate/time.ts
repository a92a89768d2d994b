/**
 * Time-zone helpers for the generator. Lines carry device-local wall-clock
 * time (no offset) plus a high-resolution timestamp with the UTC offset, so
 * we iterate over UTC instants and convert with the zone's offset, which is
 * computed with Intl (full ICU ships with Node 20) once per hour segment.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError for an unknown zone. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** UTC offset (seconds, east positive) of `timeZone` at the instant `epochSec`. */
export function tzOffsetSeconds(epochSec: number, timeZone: string): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return 0;
  const parts = formatter(timeZone).formatToParts(new Date(epochSec * 1000));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) / 1000;
  return asUtc - epochSec;
}

/** The instant (epoch seconds) of a local wall-clock time; for a skipped (DST gap) time, the first instant after it. */
export function localToEpoch(y: number, m1: number, d: number, hh: number, mm: number, ss: number, timeZone: string): number {
  const wall = Date.UTC(y, m1 - 1, d, hh, mm, ss) / 1000;
  let t = wall - tzOffsetSeconds(wall, timeZone);
  const o2 = tzOffsetSeconds(t, timeZone);
  if (t + o2 !== wall) {
    const t2 = wall - o2;
    if (t2 + tzOffsetSeconds(t2, timeZone) === wall) t = t2;
    else t = Math.max(t, t2); // gap: wall time does not exist
  }
  return t;
}

export function formatOffset(sec: number): string {
  const sign = sec < 0 ? "-" : "+";
  const a = Math.abs(sec);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  return `${sign}${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

export function parseMonth(month: string): { year: number; month: number; days: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new Error(`month must be YYYY-MM, got ${JSON.stringify(month)}`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  if (mon < 1 || mon > 12) throw new Error(`month out of range: ${month}`);
  const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { year, month: mon, days };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const P2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));

let HMS: string[] | null = null;
/** "HH:MM:SS" for every second of a day (built once, ~86k short strings). */
export function hmsTable(): string[] {
  if (!HMS) {
    const t = new Array<string>(86400);
    for (let h = 0; h < 24; h++) for (let m = 0; m < 60; m++) for (let s = 0; s < 60; s++) t[h * 3600 + m * 60 + s] = `${P2[h]}:${P2[m]}:${P2[s]}`;
    HMS = t;
  }
  return HMS;
}

export interface LocalDateStrings {
  /** "2021/12/01" */
  slash: string;
  /** "2021-12-01" */
  iso: string;
  /** BSD syslog "Dec  1" (day space-padded) */
  bsd: string;
}

/** Date strings of a local day number (days since 1970-01-01 in local wall-clock terms). */
export function localDateStrings(dayNum: number): LocalDateStrings {
  const d = new Date(dayNum * 86400000);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const da = d.getUTCDate();
  const ys = String(y).padStart(4, "0");
  return {
    slash: `${ys}/${P2[mo + 1]}/${P2[da]}`,
    iso: `${ys}-${P2[mo + 1]}-${P2[da]}`,
    bsd: `${MONTHS[mo]} ${da < 10 ? " " : ""}${da}`,
  };
}

/** Day of week (0 = Sunday) of a civil date. */
export function dayOfWeek(y: number, m1: number, d: number): number {
  return new Date(Date.UTC(y, m1 - 1, d)).getUTCDay();
}
