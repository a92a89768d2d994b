// Parser throughput on a real log file:
//   npx tsx lib/ingest/panos/bench-file.ts <file> [passes]
// e.g. `node bin/soc.mjs generate --month 2021-12 --scale 0.01 -o /tmp/g450k.log` (450k
// PAN-OS 10.x lines, ~645 bytes). Lines come from `readLines` exactly as the ingest gets
// them (slices of 1 MB decoded chunks, not the flat strings of bench-parse.ts).
// Only the time spent in parseLine is counted as parse time; reading is reported apart.
// Each pass is a fresh read; the machine is shared, so take the best pass.
// Not run by the test suite.

import { readLines } from "../source";
import { parseLine } from "./parse";

const file = process.argv[2];
const passes = Number(process.argv[3] ?? 1);
if (!file) {
  console.error("usage: npx tsx lib/ingest/panos/bench-file.ts <file> [passes]");
  process.exit(2);
}

const fmt = (x: number) => Math.round(x).toLocaleString("en-US").padStart(9);

async function pass(): Promise<number> {
  let lines = 0;
  let events = 0;
  let other = 0;
  let rejected = 0;
  let sink = 0; // keeps the results observable
  let parseMs = 0;
  const t0 = performance.now();
  for await (const { lines: batch } of readLines(file)) {
    const p0 = performance.now();
    for (let i = 0; i < batch.length; i++) {
      const r = parseLine(batch[i]!);
      if (r.ok) {
        if (r.kind === "event") {
          events++;
          sink += r.event.repeatCount;
        } else other++;
      } else rejected++;
    }
    parseMs += performance.now() - p0;
    lines += batch.length;
  }
  const wallMs = performance.now() - t0;
  const rate = (lines / parseMs) * 1000;
  console.log(
    `${lines} lines (${events} events, ${other} other, ${rejected} rejected, sink ${sink}): ` +
      `parse ${fmt(rate)} lines/s (${((parseMs * 1000) / lines).toFixed(2)} µs/line), ` +
      `read+parse ${fmt((lines / wallMs) * 1000)} lines/s`,
  );
  return rate;
}

let best = 0;
for (let i = 0; i < passes; i++) best = Math.max(best, await pass());
if (passes > 1) console.log(`best of ${passes}: ${fmt(best)} lines/s`);
