// `npm test`: one fresh database for the run, vitest (unit + integration on real PostgreSQL),
// a production build, then the Playwright journeys in Debian's chromium; the database is
// dropped at the end. Prints "tests: N passed, M failed" as its last line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createTestDatabase } from "@/lib/testing/test-database";

const log = (m: string) => process.stderr.write(`[test] ${m}\n`);

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  log(`$ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  return r.status ?? 1;
}

function countVitest(file: string): { passed: number; failed: number } {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const j = JSON.parse(readFileSync(file, "utf8"));
  return { passed: j.numPassedTests ?? 0, failed: (j.numFailedTests ?? 0) + (j.success === false && !j.numFailedTests ? 1 : 0) };
}

function countPlaywright(file: string): { passed: number; failed: number } {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const s = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  const passed = s.expected ?? 0;
  const failed = (s.unexpected ?? 0) + (s.flaky ?? 0);
  // A run that executed no journey (e.g. its web server could not start) is a failure, not a pass.
  return { passed, failed: passed + failed === 0 ? 1 : failed };
}

async function main() {
  const only = process.argv[2]; // "unit" | "e2e" | undefined (both)
  mkdirSync("test-results", { recursive: true });
  const db = await createTestDatabase(log);
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    MAMORI_TEST_DATABASE_URL: db.url,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "test-secret-not-for-production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  let unit = { passed: 0, failed: 0 };
  let e2e = { passed: 0, failed: 0 };
  try {
    if (only !== "e2e") {
      const tsc = run(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."], env);
      log(tsc === 0 ? "typecheck passed" : "typecheck FAILED");
      rmSync("test-results/unit.json", { force: true });
      run(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/unit.json"], env);
      unit = countVitest("test-results/unit.json");
      if (tsc === 0) unit.passed += 1;
      else unit.failed += 1;
    }
    if (only !== "unit") {
      if (run(process.execPath, ["node_modules/next/dist/bin/next", "build"], env) !== 0) {
        e2e = { passed: 0, failed: 1 };
      } else {
        rmSync("test-results/e2e.json", { force: true }); // never count a previous run's results
        run(process.execPath, ["node_modules/@playwright/test/cli.js", "test"], env);
        e2e = countPlaywright("test-results/e2e.json");
      }
    }
  } finally {
    await db.dispose();
  }
  log(`unit: ${unit.passed} passed, ${unit.failed} failed; e2e: ${e2e.passed} passed, ${e2e.failed} failed`);
  const passed = unit.passed + e2e.passed;
  const failed = unit.failed + e2e.failed;
  process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

main().catch((err) => {
  log(String(err?.stack ?? err));
  process.stdout.write("tests: 0 passed, 1 failed\n");
  process.exit(1);
});
