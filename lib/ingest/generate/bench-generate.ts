/**
 * Generator throughput: lines/s written to /dev/null (or a file).
 *
 *   npx tsx lib/ingest/generate/bench-generate.ts [--scale 0.2] [--month 2021-12] [--out /dev/null] [--gzip] [--lines]
 *
 * --lines measures the line-by-line iterator (generateMonth) instead of writeMonth's buffered fast path.
 */
import { generateMonth, planMonth, writeMonth, type GenerateMonthOptions } from "./index";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}

async function main(): Promise<void> {
  const opts: GenerateMonthOptions = {
    month: arg("month", "2021-12"),
    scale: Number(arg("scale", "0.2")),
    serial: "012801096514",
    deviceName: "sample-utm",
    timeZone: arg("tz", "Asia/Tokyo"),
    seed: Number(arg("seed", "1")),
  };
  const out = arg("out", "/dev/null");
  const gzip = process.argv.includes("--gzip");
  const t0 = performance.now();
  const plan = planMonth(opts);
  const initMs = performance.now() - t0;
  console.log(`month ${opts.month} scale ${opts.scale}: ${plan.plannedLines.toLocaleString()} planned lines (init ${initMs.toFixed(0)} ms)`);

  if (process.argv.includes("--lines")) {
    const t = performance.now();
    let n = 0;
    let bytes = 0;
    for (const line of generateMonth(opts)) {
      n++;
      bytes += line.length + 1;
    }
    const s = (performance.now() - t) / 1000;
    console.log(`generateMonth (iterator, no I/O): ${n.toLocaleString()} lines in ${s.toFixed(2)} s = ${Math.round(n / s).toLocaleString()} lines/s, ${(bytes / n).toFixed(0)} B/line`);
    return;
  }

  const rss0 = process.memoryUsage().rss;
  let peakRss = rss0;
  const r = await writeMonth(opts, out, {
    gzip,
    onProgress: () => {
      const rss = process.memoryUsage().rss;
      if (rss > peakRss) peakRss = rss;
    },
  });
  const s = r.ms / 1000;
  console.log(
    `writeMonth -> ${out}${gzip ? " (gzip)" : ""}: ${r.lines.toLocaleString()} lines, ${(r.bytes / 1e6).toFixed(0)} MB in ${s.toFixed(2)} s = ` +
      `${Math.round(r.lines / s).toLocaleString()} lines/s (${(r.bytes / 1e6 / s).toFixed(0)} MB/s), ${(r.bytes / r.lines).toFixed(0)} B/line, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(
    `  firewall ${r.functions.firewall.total.toLocaleString()} (blocked ${((100 * r.functions.firewall.blocked) / Math.max(1, r.functions.firewall.total)).toFixed(1)} %), ` +
      `url ${r.functions.url.total.toLocaleString()}, vuln ${r.functions.vulnerability.total}, spyware ${r.functions.spyware.total}, virus ${r.functions.virus.total}, ` +
      `wildfire ${r.functions.wildfire.total}, start ${r.trafficStart}, malformed ${r.malformed}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
