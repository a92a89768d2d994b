import { detached } from "./detached";
import { makeLocalTimeConverter } from "./panos/time";

// Event times go to COPY as text with their UTC offset ("2021-12-01 00:00:03+09:00"), with
// no Date object per line: the offset of each local hour is worked out once and cached.
// Hand-written because Date construction + toISOString per line cost more than parsing it.

export interface Stamp {
  /** timestamptz text (alert records, device activity) */
  text: string;
  /** the same instant in milliseconds since the Unix epoch (the event row's time) */
  ms: number;
  /** UTC month "YYYY-MM" (the events partition) */
  utcMonth: string;
}

export interface HourInfo {
  offset: string | null; // null: the offset changes inside this hour (DST) → slow path
  utcMonth: string | null; // null: the UTC month changes inside this hour → slow path
  /** the instant of the hour's start (HH:00:00) in milliseconds since the Unix epoch */
  startMs: number;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return `${sign}${two(Math.floor(m / 60))}:${two(m % 60)}`;
}

function utcMonthOf(d: Date): string {
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}`;
}

/** The offset and UTC month of one local hour "YYYY-MM-DD HH"; false if that hour is not a valid time. */
function hourInfo(toUtc: (local: string) => Date | null, key: string): HourInfo | false {
  const a = toUtc(`${key}:00:00`);
  const b = toUtc(`${key}:59:59`);
  if (!a || !b) return false;
  const localMs = Date.UTC(+key.slice(0, 4), +key.slice(5, 7) - 1, +key.slice(8, 10), +key.slice(11, 13));
  const offA = Math.round((localMs - a.getTime()) / 60000);
  const offB = Math.round((localMs + 3599000 - b.getTime()) / 60000);
  const ma = utcMonthOf(a);
  return { offset: offA === offB ? offsetText(offA) : null, utcMonth: ma === utcMonthOf(b) ? ma : null, startMs: a.getTime() };
}

/**
 * The same facts keyed by the number YYYYMMDDHH (the ingest's byte lane, which has no time
 * string): a stamp is the local time followed by `offset`, when offset and utcMonth are both set.
 */
export function makeHourTable(timeZone: string): (hour: number) => HourInfo | false {
  const toUtc = makeLocalTimeConverter(timeZone);
  const hours = new Map<number, HourInfo | false>();
  let lastHour = -1;
  let last: HourInfo | false = false;
  return (hour: number): HourInfo | false => {
    if (hour === lastHour) return last;
    let found = hours.get(hour);
    if (found === undefined) {
      const t = String(hour); // YYYYMMDDHH
      found = hourInfo(toUtc, `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)} ${t.slice(8, 10)}`);
      if (hours.size > 100_000) hours.clear();
      hours.set(hour, found);
    }
    lastHour = hour;
    return (last = found);
  };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function makeStamper(timeZone: string): (local: string) => Stamp | null {
  const toUtc = makeLocalTimeConverter(timeZone);
  const hours = new Map<string, HourInfo | false>();
  const slow = (local: string): Stamp | null => {
    const d = toUtc(local);
    return d ? { text: d.toISOString(), ms: d.getTime(), utcMonth: utcMonthOf(d) } : null;
  };
  // Consecutive lines nearly always share their hour, often their second: the last hour and the
  // last answer are kept, so most lines cut no key string and look nothing up (a fresh key is
  // hashed for every Map lookup).
  let lastLocal = "";
  let lastStamp: Stamp | null = null;
  let lastKey = "";
  let lastHour: HourInfo | false = false;
  return (local: string): Stamp | null => {
    if (local === lastLocal) return lastStamp;
    // Fast path only for the parser's normalised "YYYY-MM-DD HH:MM:SS".
    if (local.length !== 19 || local.charCodeAt(4) !== 45 || local.charCodeAt(10) !== 32) return slow(local);
    const m1 = local.charCodeAt(14);
    const s1 = local.charCodeAt(17);
    if (!(m1 >= 48 && m1 <= 53 && isDigit(local.charCodeAt(15)) && local.charCodeAt(16) === 58 && s1 >= 48 && s1 <= 53 && isDigit(local.charCodeAt(18)))) return null;
    let h: HourInfo | false;
    if (lastKey !== "" && local.startsWith(lastKey)) h = lastHour;
    else {
      const key = detached(local.slice(0, 13));
      let found = hours.get(key);
      if (found === undefined) {
        found = hourInfo(toUtc, key);
        if (hours.size > 100_000) hours.clear();
        hours.set(key, found);
      }
      h = found;
      lastKey = key;
      lastHour = found;
    }
    let stamp: Stamp | null;
    if (h === false) stamp = null;
    else if (h.offset === null || h.utcMonth === null) stamp = slow(local);
    else {
      const minutes = (local.charCodeAt(14) - 48) * 10 + local.charCodeAt(15) - 48;
      const seconds = (local.charCodeAt(17) - 48) * 10 + local.charCodeAt(18) - 48;
      stamp = { text: local + h.offset, ms: h.startMs + minutes * 60_000 + seconds * 1000, utcMonth: h.utcMonth };
    }
    lastLocal = local;
    lastStamp = stamp;
    return stamp;
  };
}
