import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { CLI_ACTOR } from "@/lib/auth/types";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { ensureDraft } from "./lifecycle";
import { buildLiveReport } from "./document";
import { renderReportPdf } from "./pdf/render";
import { freePort, signInCookie } from "@/lib/cli/http-session";
import { currentTotp } from "@/lib/auth/totp";
import { enrolTotpForUser } from "@/lib/users/two-factor";

// `soc bench`, monthly report part (measured, never asserted): the PDF of the bench month (time,
// size, peak memory of the process while rendering), and the report page's first byte through a
// real `next start` of the existing production build (signed in as an analyst), draft and median.

const round1 = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;



async function pageFirstByte(scope: { customerId: string }, month: string, databaseUrl: string, log: (m: string) => void) {
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  if (!existsSync(path.join(distDir, "BUILD_ID"))) return { skipped: `no production build in ${distDir} (run \`npx next build\` first)` };
  const customer = await prisma.customer.findUniqueOrThrow({ where: { id: scope.customerId }, select: { slug: true } });
  const email = "bench-analyst@mamori.example";
  const password = "bench-password-123456";
  await prisma.user.upsert({ where: { email }, create: { email, role: "analyst", passwordHash: await hashPassword(password) }, update: {} });
  // Analysts sign in with two-factor; without it every page would send them to /two-factor.
  const { secret } = await enrolTotpForUser(email, undefined, CLI_ACTOR);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXTAUTH_URL: base, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-secret", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  try {
    for (let i = 0; ; i++) {
      if (i > 300) throw new Error("next start did not answer");
      if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const cookie = await signInCookie(base, email, password, currentTotp(secret));
    const url = `${base}/customers/${customer.slug}/reports/${month}`;
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      // Resolves when the status line and headers (the first bytes) arrive; a redirect is a failure.
      const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`report page answered ${res.status}`);
      await res.arrayBuffer();
    }
    log(`report page first byte: ${times.map((x) => Math.round(x)).join(", ")} ms`);
    return { firstMs: round1(times[0]!), medianMs: round1(median(times.slice(1))), budgetMs: 500 };
  } finally {
    server.kill("SIGTERM");
  }
}

export async function benchReport(scope: { customerId: string }, month: string, o: { databaseUrl: string; log: (m: string) => void }) {
  const { report } = await ensureDraft(scope, month, CLI_ACTOR);
  const live = await buildLiveReport(report);
  // PDF: first render (fonts loaded) and a second one; peak RSS of this process while rendering.
  const pdf: { ms: number; bytes: number }[] = [];
  let peak = 0;
  const rssBefore = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  try {
    for (let i = 0; i < 2; i++) {
      const t = performance.now();
      const bytes = (await renderReportPdf(live)).length;
      pdf.push({ ms: performance.now() - t, bytes });
    }
  } finally {
    clearInterval(sampler);
  }
  const pages = Number(/Pages:\s+(\d+)/.exec(await pdfInfo(await renderReportPdf(live)))?.[1] ?? 0);
  o.log(`report PDF: ${pdf.map((p) => Math.round(p.ms)).join(", ")} ms, ${pdf[0]!.bytes} bytes, ${pages} pages, peak rss ${Math.round(peak / 1e6)} MB`);
  return {
    pdf: { firstMs: Math.round(pdf[0]!.ms), secondMs: Math.round(pdf[1]!.ms), bytes: pdf[0]!.bytes, pages, rssBeforeMB: Math.round(rssBefore / 1e6), peakRssMB: Math.round(peak / 1e6), renderGrowthMB: Math.round((peak - rssBefore) / 1e6), budget: { ms: 5000, mb: 500 } },
    page: await pageFirstByte(scope, month, o.databaseUrl, o.log).catch((e: Error) => ({ error: e.message })),
  };
}

async function pdfInfo(pdf: Buffer): Promise<string> {
  const { execFileSync } = await import("node:child_process");
  try {
    return execFileSync("pdfinfo", ["-"], { input: pdf, encoding: "utf8" });
  } catch {
    return "";
  }
}
