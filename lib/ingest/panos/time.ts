// Device-local wall-clock time → UTC, and UTC → local day/month keys.
//
// PAN-OS times carry no offset (shared/docs/panos-log-format.md §9): the zone is
// a per-device setting. Intl.DateTimeFormat is far too slow to call per log line
// (several µs each), so zone offsets are computed with it at most once per UTC
// hour, and the converter additionally caches the UTC start of each local hour.
// An hour is only cached when the offset is constant across it, so zones with
// transitions inside an hour (e.g. Lord Howe's 30-minute DST) stay exact.
//
// DST: an ambiguous local time (the repeated hour at fall-back) resolves to its
// FIRST occurrence (still on summer time); a non-existent one (spring-forward
// gap) is read with the pre-transition offset, i.e. shifted forward (02:30 →
// 03:30). This matches Temporal's "compatible" disambiguation.
//
// Zones: any IANA name ("Asia/Tokyo", "America/New_York"), "UTC", or a fixed
// offset "+09:30" / "-02:00" (used by peer test data; Node 20's Intl rejects those).

const HOUR = 3_600_000;
const DAY = 86_400_000;
const MAX_CACHE = 50_000;

type OffsetFn = (utcMs: number) => number; // zone offset (ms, local − UTC) at an instant

const offsetFns = new Map<string, OffsetFn>();

function fixedOffset(tz: string): number | null {
  if (tz === "UTC" || tz === "Z" || tz === "Etc/UTC" || tz === "GMT" || tz === "Etc/GMT") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(tz);
  if (m === null) return null;
  const v = (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return m[1] === "-" ? -v : v;
}

function offsetFn(timeZone: string): OffsetFn {
  let fn = offsetFns.get(timeZone);
  if (fn !== undefined) return fn;
  const fixed = fixedOffset(timeZone);
  if (fixed !== null) {
    fn = () => fixed;
  } else {
    let dtf: Intl.DateTimeFormat;
    try {
      dtf = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new RangeError(`unknown time zone "${timeZone}"`);
    }
    fn = (utcMs: number) => {
      const whole = Math.floor(utcMs / 1000) * 1000;
      let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
      for (const p of dtf.formatToParts(whole)) {
        switch (p.type) {
          case "year": y = Number(p.value); break;
          case "month": mo = Number(p.value); break;
          case "day": d = Number(p.value); break;
          case "hour": h = Number(p.value); break;
          case "minute": mi = Number(p.value); break;
          case "second": s = Number(p.value); break;
        }
      }
      return Date.UTC(y, mo - 1, d, h, mi, s) - whole;
    };
  }
  offsetFns.set(timeZone, fn);
  return fn;
}

/**
 * UTC instant of a local wall time given as "UTC-looking" ms.
 * Ambiguous (fall-back) times resolve to the FIRST occurrence (the earlier
 * instant, still on summer time); non-existent (spring-forward gap) times are
 * shifted forward by the gap (02:30 → 03:30), like Temporal's "compatible".
 */
function resolveLocal(off: OffsetFn, wall: number): number {
  // Transitions are at least days apart, so the offsets a day either side are
  // the only two candidates.
  const before = off(wall - DAY);
  const after = off(wall + DAY);
  const tBefore = wall - before;
  const tAfter = wall - after;
  const okBefore = off(tBefore) === before;
  const okAfter = off(tAfter) === after;
  if (okBefore && okAfter) return Math.min(tBefore, tAfter);
  if (okBefore) return tBefore;
  if (okAfter) return tAfter;
  return tBefore; // gap: read with the pre-transition offset, i.e. shifted forward
}

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dig(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000; // poison: makes the total invalid
}

/**
 * Returns a converter from device-local "YYYY-MM-DD HH:MM:SS" (also `/` date
 * separators, `T`, and fractional seconds) to a UTC Date, using `timeZone`.
 * Strings with an explicit `Z` or `±HH:MM` offset (CDL, high-resolution
 * timestamps) are converted directly, ignoring the zone. Invalid input → null.
 * Throws RangeError for an unknown zone (configuration error).
 */
export function makeLocalTimeConverter(timeZone: string): (local: string) => Date | null {
  const zone = zoneState(timeZone);
  const off = (ms: number) => offsetAt(zone, ms);
  const fixed = fixedOffset(timeZone);
  // local-hour key → UTC ms of that local hour's start (NaN: offset changes inside it).
  const hourStart = new Map<number, number>();

  return (local: string): Date | null => {
    if (typeof local !== "string" || local.length < 19) return null;
    const s = local.trim();
    const n = s.length;
    if (n < 19) return null;
    const sep = s.charCodeAt(4);
    const t = s.charCodeAt(10);
    if ((sep !== 47 && sep !== 45) || s.charCodeAt(7) !== sep || (t !== 32 && t !== 84)) return null;
    if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
    const y = dig(s, 0) * 1000 + dig(s, 1) * 100 + dig(s, 2) * 10 + dig(s, 3);
    const mo = dig(s, 5) * 10 + dig(s, 6);
    const d = dig(s, 8) * 10 + dig(s, 9);
    const h = dig(s, 11) * 10 + dig(s, 12);
    const mi = dig(s, 14) * 10 + dig(s, 15);
    const sec = dig(s, 17) * 10 + dig(s, 18);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo] || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) {
      return null;
    }
    if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return null;

    // Optional fraction, then optional zone.
    let i = 19;
    let ms = 0;
    if (i < n && s.charCodeAt(i) === 46) {
      i++;
      let scale = 100;
      while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
        ms += (s.charCodeAt(i) - 48) * scale;
        scale /= 10;
        i++;
      }
      ms = Math.floor(ms);
    }
    let zoneMs: number | null = null;
    if (i < n) {
      const z = s.charCodeAt(i);
      if (z === 90 && i + 1 === n) zoneMs = 0;
      else if ((z === 43 || z === 45) && (n - i === 6 || n - i === 5 || n - i === 3)) {
        const zh = dig(s, i + 1) * 10 + dig(s, i + 2);
        const zm = n - i === 3 ? 0 : dig(s, n - 2) * 10 + dig(s, n - 1);
        if (zh < 0 || zm < 0 || zh > 23 || zm > 59) return null;
        zoneMs = (zh * 60 + zm) * 60_000 * (z === 45 ? -1 : 1);
      } else return null;
    }

    const wallHour = Date.UTC(y, mo - 1, d, h);
    const within = (mi * 60 + sec) * 1000 + ms;
    if (zoneMs !== null) return new Date(wallHour + within - zoneMs);
    if (fixed !== null) return new Date(wallHour + within - fixed);

    const key = wallHour / HOUR;
    let start = hourStart.get(key);
    if (start === undefined) {
      // Cache the hour only if the same offset applies to its first and last second.
      const a = resolveLocal(off, wallHour);
      const b = resolveLocal(off, wallHour + HOUR - 1000);
      start = b - a === HOUR - 1000 ? a : NaN;
      if (hourStart.size >= MAX_CACHE) hourStart.clear();
      hourStart.set(key, start);
    }
    if (start === start) return new Date(start + within); // not NaN
    return new Date(resolveLocal(off, wallHour + within - ms) + ms);
  };
}

// ---------------------------------------------------------------------------
// Per-zone caches, and UTC instant → local calendar keys.

interface ZoneState {
  off: OffsetFn;
  /** UTC hour index → offset ms (NaN: offset changes inside that hour). */
  hourOffset: Map<number, number>;
  /** local day index → "YYYY-MM-DD". */
  dayKeys: Map<number, string>;
}

const zoneStates = new Map<string, ZoneState>();

function zoneState(timeZone: string): ZoneState {
  let z = zoneStates.get(timeZone);
  if (z === undefined) {
    z = { off: offsetFn(timeZone), hourOffset: new Map(), dayKeys: new Map() };
    zoneStates.set(timeZone, z);
  }
  return z;
}

/** Zone offset at an instant, via Intl at most once per UTC hour. */
function offsetAt(z: ZoneState, ms: number): number {
  const hour = Math.floor(ms / HOUR);
  let o = z.hourOffset.get(hour);
  if (o === undefined) {
    const a = z.off(hour * HOUR);
    const b = z.off(hour * HOUR + HOUR - 1000);
    o = a === b ? a : NaN;
    if (z.hourOffset.size >= MAX_CACHE) z.hourOffset.clear();
    z.hourOffset.set(hour, o);
  }
  return o === o ? o : z.off(ms);
}

function localDayIndex(z: ZoneState, ms: number): number {
  return Math.floor((ms + offsetAt(z, ms)) / DAY);
}

function dayKeyOf(c: ZoneState, dayIndex: number): string {
  let k = c.dayKeys.get(dayIndex);
  if (k === undefined) {
    k = new Date(dayIndex * DAY).toISOString().slice(0, 10);
    if (c.dayKeys.size >= MAX_CACHE) c.dayKeys.clear();
    c.dayKeys.set(dayIndex, k);
  }
  return k;
}

/** Calendar day "YYYY-MM-DD" of an instant in `timeZone`. */
export function localDayKey(date: Date | number, timeZone: string): string {
  const z = zoneState(timeZone);
  return dayKeyOf(z, localDayIndex(z, typeof date === "number" ? date : date.getTime()));
}

/** Calendar month "YYYY-MM" of an instant in `timeZone`. */
export function localMonthKey(date: Date | number, timeZone: string): string {
  return localDayKey(date, timeZone).slice(0, 7);
}
