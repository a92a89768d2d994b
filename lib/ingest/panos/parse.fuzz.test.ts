import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLine } from "./parse";
import { mutatedLine, randomLine } from "./fuzz-lines";

// Property tests: whatever arrives on the syslog port, the parser answers (never throws) with an
// event, an "other" record or a rejection with a short reason and a bounded excerpt.

export const FUZZ_RUNS = Number(process.env.MAMORI_FUZZ_RUNS ?? 3000);

function wellFormed(line: string) {
  const r = parseLine(line);
  expect(r).toBeTypeOf("object");
  if (!r.ok) {
    expect(r.reason.length).toBeGreaterThan(0);
    expect(r.reason.length).toBeLessThan(400);
    expect(r.excerpt.length).toBeLessThanOrEqual(Math.max(line.length, 0) + 1);
    expect(r.excerpt.length).toBeLessThanOrEqual(300);
  } else if (r.kind === "event") {
    expect(["TRAFFIC", "THREAT"]).toContain(r.event.logType);
  }
  return r;
}

describe("parseLine under fuzzing", () => {
  it(`never throws on ${FUZZ_RUNS} random lines`, () => {
    fc.assert(fc.property(randomLine, (l) => void wellFormed(l)), { numRuns: FUZZ_RUNS });
  });

  it(`never throws on ${FUZZ_RUNS} mutated real-looking lines, and is deterministic`, () => {
    fc.assert(
      fc.property(mutatedLine(), (l) => {
        expect(parseLine(l)).toEqual(wellFormed(l));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("the generator yields parseable events too (so mutations reach past the first check)", () => {
    // Sanity check that the generator produces parseable lines, so the mutations test the parser and not only its first check.
    let events = 0;
    fc.assert(
      fc.property(mutatedLine(), (l) => {
        const r = parseLine(l);
        if (r.ok && r.kind === "event") events++;
      }),
      { numRuns: 300 },
    );
    expect(events).toBeGreaterThan(0);
  });
});
