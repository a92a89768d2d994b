import fc from "fast-check";
import { systemLine, threatLine, trafficLine } from "../test-lines";

// Arbitraries for property tests: real-looking PAN-OS lines (lib/ingest/test-lines.ts) and the
// damage a syslog relay, a truncating disk or a hostile sender does to them. No "\n" is ever
// inserted, so one generated line stays one line of a file.

const SERIAL = "FUZZSERIAL01";

const time = fc.oneof(
  fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2037-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19).replace("T", " ").replace(/-/g, "/")),
  fc.constantFrom("2021/02/30 10:00:00", "2021/13/01 00:00:00", "0000/00/00 00:00:00", "2021/12/01 24:61:61", "", "now"),
);
const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom("", "999.1.1.1", "::ffff:10.0.0.1", "not-an-ip", "fe80::1%eth0", "10.0.0.1/8", "01.02.03.04"));

export const baseLine = (serial = SERIAL) =>
  fc.oneof(
    fc.record({ time, src: ip, dst: ip, dport: fc.integer({ min: -1, max: 70000 }), repeat: fc.integer({ min: -5, max: 1e9 }), subtype: fc.constantFrom("end", "start", "drop", "deny", "") }).map((o) =>
      trafficLine({ serial, ...o }),
    ),
    fc.record({ time, src: ip, dst: ip, subtype: fc.constantFrom("url", "vulnerability", "spyware", "virus", "wildfire", "file", ""), url: fc.string({ unit: "grapheme", maxLength: 80 }) }).map((o) =>
      threatLine({ serial, ...o }),
    ),
    time.map((t) => systemLine(t, serial)),
  );

/** Nasty fragments: quotes, commas, unicode (wide, combining, RTL, emoji, surrogates), NUL, control bytes. */
const nasty = fc.oneof(
  fc.constantFrom('"', '""', ",", ',"', '","', "\0", "\r", "\t", "\\", "\u202e", "\ufeff", "ｱｲｳ", "株式会社", "😀", "\ud800", "e\u0301", "\u0000\u0000", "%s%n", "'; DROP TABLE events; --", "\x1b[31m"),
  fc.string({ unit: "binary", maxLength: 20 }).map((s) => s.replace(/\n/g, "")),
);

type Mutation = (line: string) => string;

const at = (s: string, frac: number) => Math.floor(frac * (s.length + 1));
const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  frac.map((f): Mutation => (s) => s.slice(0, at(s, f))), // cut
  frac.map((f): Mutation => (s) => s.slice(at(s, f))), // lose the head
  fc.tuple(frac, nasty).map(([f, x]): Mutation => (s) => s.slice(0, at(s, f)) + x + s.slice(at(s, f))), // insert
  fc.nat().map((i): Mutation => (s) => {
    const f = s.split(",");
    const k = i % f.length;
    return [...f.slice(0, k + 1), f[k], ...f.slice(k + 1)].join(","); // duplicate a field
  }),
  fc.nat().map((i): Mutation => (s) => {
    const f = s.split(",");
    f.splice(i % f.length, 1); // drop a field
    return f.join(",");
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom("A", "あ", '"', ",")).map(([i, n, c]): Mutation => (s) => {
    const f = s.split(",");
    f[i % f.length] = c.repeat(n); // huge field
    return f.join(",");
  }),
  fc.nat().map((n): Mutation => (s) => s + ",".repeat(n % 300)), // trailing commas
);

/** A real-looking line with 0–4 mutations applied. */
export const mutatedLine = (serial = SERIAL) =>
  fc.tuple(baseLine(serial), fc.array(mutation, { maxLength: 4 })).map(([line, ms]) => ms.reduce((l, m) => m(l), line));

/** Anything at all that fits on one line. */
export const randomLine = fc.string({ unit: "binary", maxLength: 2000 }).map((s) => s.replace(/\n/g, ""));
