// Cost of the alert rules on the ingest hot path: `npx tsx lib/alerts/bench-evaluator.ts FILE.log[.gz] [entries]`
// (DATABASE_URL set; uses the rules in that database for a throwaway customer, plus a throwaway
// customer list of `entries` random addresses so the firewall rules run). Parses the file once
// into memory, then times parse alone vs parse + enrich-free rule evaluation, per line.
// Not run by the test suite.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { parseLine } from "@/lib/ingest/panos/parse";
import { createCustomer } from "@/lib/customers/customers";
import { createThreatList, importThreatList } from "@/lib/intel/lists";
import { createRule } from "./rules";
import { AlertEvaluator } from "./evaluator";

const file = process.argv[2]!;
const entries = Number(process.argv[3] ?? 100_000);

async function main() {
  const lines: string[] = [];
  const input = createReadStream(file);
  const rl = createInterface({ input: file.endsWith(".gz") ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  for await (const l of rl) lines.push(l);
  const slug = `bench-rules-${Date.now().toString(36)}`;
  const c = await createCustomer({ slug, name: "bench", internalNetworks: "192.0.2.0/24,10.0.0.0/8" }, CLI_ACTOR);
  const list = await createThreatList({ name: `${slug}-ips`, kind: "ip", customerSlug: slug }, CLI_ACTOR);
  const ips = Array.from({ length: entries }, (_, i) => `${11 + (i % 200)}.${(i >> 8) & 255}.${i & 255}.${(i * 7) & 255}`);
  ips.push("203.0.113.197", "100.64.0.0/10", "45.33.0.0/16"); // the sample's malicious source, and two networks
  await importThreatList(list.id, { text: ips.join("\n") }, CLI_ACTOR);
  await createRule({ name: "bench either", level: "minor", customerSlug: slug, functions: "firewall", listId: list.id, listField: "either", priority: 1 }, CLI_ACTOR);
  const ev = await AlertEvaluator.load({ customerId: c.id });
  const batch = ev.batch("1");
  // As ingest runs: parse a line, stamp its time, hand the event to the rules; nothing is kept.
  const directions = ["outbound", "inbound", "internal", "external"];
  const pass = (withRules: boolean) => {
    const t0 = performance.now();
    for (let i = 0; i < lines.length; i++) {
      const r = parseLine(lines[i]!);
      if (!r.ok || r.kind !== "event") continue;
      const time = { text: r.event.generatedTime + "+09:00" };
      if (withRules) batch.add(r.event, time, directions[i & 3]!, i, c.id);
    }
    return performance.now() - t0;
  };
  pass(true);
  pass(false);
  const best = (f: () => number) => Math.min(f(), f(), f(), f(), f());
  const p = (best(() => pass(false)) * 1e6) / lines.length;
  const pr = (best(() => pass(true)) * 1e6) / lines.length;
  console.log(`${lines.length.toLocaleString("en-US")} lines; ${ev.ruleCount} rules compiled, ${entries.toLocaleString("en-US")} threat-list entries`);
  console.log(`parse:         ${p.toFixed(0)} ns/line (${Math.round(1e9 / p).toLocaleString("en-US")} lines/s on one core)`);
  console.log(`parse + rules: ${pr.toFixed(0)} ns/line (${Math.round(1e9 / pr).toLocaleString("en-US")} lines/s on one core)`);
  console.log(`rules: +${(pr - p).toFixed(0)} ns/line, ${((100 * (pr - p)) / p).toFixed(1)}% of parsing; ${batch.size} alert groups pending`);
  await prisma.$disconnect();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
