import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { log } from "./output";
import { releaseDatabase } from "./database";

const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

/** NEXTAUTH_SECRET from the environment; for a local run without one, a random secret kept under .mamori/. */
function sessionSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const dir = path.resolve(process.env.MAMORI_DATA_DIR ?? ".mamori");
  const file = path.join(dir, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

export async function serve(opts: { port: number; dev: boolean; banner?: unknown }): Promise<void> {
  const env = {
    ...process.env,
    NEXTAUTH_SECRET: sessionSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${opts.port}`,
    PORT: String(opts.port),
  };
  if (!opts.dev && !existsSync(path.resolve(process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"))) {
    log("building the web app (first run)…");
    const b = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: ["ignore", "inherit", "inherit"], env });
    if (b.status !== 0) throw new Error("next build failed");
  }
  const child = spawn(process.execPath, [NEXT_BIN, opts.dev ? "dev" : "start", "-p", String(opts.port)], {
    stdio: ["ignore", "inherit", "inherit"],
    env,
  });
  log(`Mamori on http://localhost:${opts.port}`);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    child.kill("SIGTERM");
    await releaseDatabase().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(130));
  process.on("SIGTERM", () => void stop(143));
  child.on("exit", (code) => void stop(code ?? 1));
  await new Promise(() => {}); // runs until a signal or the child exits
}
