import cliProgress from "cli-progress";
import { writeMonth } from "@/lib/ingest/generate";
import { monthSchema } from "@/lib/reports/month";
import { CliError, log, printJson } from "./output";

export interface GenerateOptions {
  month: string;
  scale: string;
  serial: string;
  device: string;
  timezone: string;
  internal: string;
  seed: string;
  output: string;
}

/** `soc generate`: a month of realistic PA-3220 logs shaped like the sample report. */
export async function generateCommand(o: GenerateOptions): Promise<void> {
  if (!monthSchema.safeParse(o.month).success) throw new CliError(`--month must be YYYY-MM, got "${o.month}"`);
  const scale = Number(o.scale);
  if (!(scale > 0 && scale <= 10)) throw new CliError(`--scale must be a number in (0, 10], got "${o.scale}"`);
  if (o.output === "-" && process.stdout.isTTY) throw new CliError("refusing to write logs to a terminal: give -o FILE or redirect stdout");
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: "generate [{bar}] {value} lines | {rate} lines/s", stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
  const t0 = performance.now();
  bar?.start(0, 0, { rate: 0 });
  const result = await writeMonth(
    {
      month: o.month,
      scale,
      serial: o.serial,
      deviceName: o.device,
      timeZone: o.timezone,
      internalNetworks: o.internal.split(",").map((s) => s.trim()).filter(Boolean),
      seed: Number(o.seed),
    },
    o.output === "-" ? process.stdout : o.output,
    {
      onProgress: (p) => {
        if (!bar) return;
        bar.setTotal(p.lines);
        bar.update(p.lines, { rate: Math.round(p.lines / Math.max(0.001, (performance.now() - t0) / 1000)).toLocaleString("en-US") });
      },
    },
  );
  bar?.stop();
  log(`generated ${result.lines.toLocaleString("en-US")} lines (${(result.bytes / 1e6).toFixed(1)} MB) in ${(result.ms / 1000).toFixed(1)}s`);
  if (o.output !== "-") printJson({ file: o.output, lines: result.lines, bytes: result.bytes, seconds: Math.round(result.ms) / 1000 });
}
