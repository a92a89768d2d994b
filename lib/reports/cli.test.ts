import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { uniq } from "@/lib/testing/helpers";
import { formatCount } from "@/lib/format/numbers";
import { OUTLINE, heading } from "./outline";
import { ingestLines, pdfText, reportTenant, sampleMonthLines } from "./test-helpers";

// `soc report pdf` and `soc report schedule` as an operator (or cron) runs them.
function soc(args: string[]) {
  const r = spawnSync(process.execPath, ["bin/soc.mjs", ...args], { env: process.env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const flat = (s: string) => s.replace(/\s+/g, "");

describe("soc report", () => {
  it("pdf writes the month's report (a draft from current data before it is published) with every heading and figure", async () => {
    const t = await reportTenant();
    await ingestLines(t, sampleMonthLines(t.serial));
    const out = path.join(tmpdir(), `${uniq("report")}.pdf`);
    const r = soc(["report", "pdf", "--customer", t.slug, "--month", "2021-12", "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ output: out, source: "draft rendered from current data (no report yet)" });
    const data = JSON.parse(soc(["report", "data", "--customer", t.slug, "--month", "2021-12"]).stdout);
    const text = flat(pdfText(readFileSync(out)));
    for (const e of OUTLINE) expect(text).toContain(flat(heading(e)));
    expect(text).toContain(formatCount(data.summary.current.totalLogs));
    expect(text).toContain("【ドラフト】");
    expect(text).toContain(`MR2112-${t.code}-01`);
  }, 120_000);

  it("schedule creates drafts for closed months once, and bad input exits 1 with one line", () => {
    // A month no other test uses: the schedule drafts reports for every customer of the run's database.
    const first = soc(["report", "schedule", "--now", "2020-04-01T00:30:00+09:00"]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).created.every((c: { month: string }) => c.month === "2020-03")).toBe(true);
    const again = JSON.parse(soc(["report", "schedule", "--now", "2020-04-01T00:30:00+09:00"]).stdout);
    expect(again.created.filter((c: { customer: string }) => JSON.parse(first.stdout).created.some((f: { customer: string }) => f.customer === c.customer))).toEqual([]);
    expect(again.existing.length).toBeGreaterThan(0);
    for (const args of [["report", "schedule", "--month", "2021-13"], ["report", "pdf", "--customer", "no-such", "--month", "2021-12", "-o", "/tmp/x.pdf"]]) {
      const bad = soc(args);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toBe("");
      expect(bad.stderr.trim().split("\n").filter((l) => l.startsWith("soc: error:"))).toHaveLength(1);
    }
  }, 60_000);
});
