import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { promisify } from "node:util";
import pg from "pg";
import { CliError } from "@/lib/cli/output";

// `soc db backup FILE` / `soc db restore FILE`: PostgreSQL's own custom-format dump (pg_dump -Fc,
// pg_restore). A dump tool older than the server refuses to dump it, so we look for a tool of the
// server's major version (Debian installs them side by side) and otherwise fail with one clear line.

const run = promisify(execFile);

/** Connection settings for libpq tools: the password goes through the environment, never argv. */
function libpq(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  return {
    args: ["-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username || "postgres"), "-d", decodeURIComponent(u.pathname.slice(1))],
    env,
  };
}

async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return Math.floor(Number(r.rows[0]!.v) / 10000);
  } finally {
    await client.end();
  }
}

async function toolMajor(bin: string): Promise<number | null> {
  try {
    const { stdout } = await run(bin, ["--version"]);
    const m = /\)\s+(\d+)/.exec(stdout) ?? /(\d+)\./.exec(stdout);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** pg_dump/pg_restore able to handle this server: same major version, or newer. */
export async function findTool(tool: "pg_dump" | "pg_restore", major: number): Promise<string> {
  const candidates = [
    ...(process.env.MAMORI_PG_BIN ? [`${process.env.MAMORI_PG_BIN}/${tool}`] : []),
    `/usr/lib/postgresql/${major}/bin/${tool}`,
    tool, // on PATH
  ];
  const seen: string[] = [];
  for (const bin of candidates) {
    if (bin.includes("/") && !existsSync(bin)) continue;
    const v = await toolMajor(bin);
    if (v === null) continue;
    if (v >= major) return bin;
    seen.push(`${bin} is version ${v}`);
  }
  throw new CliError(
    `${tool} for PostgreSQL ${major} not found (${seen.join(", ") || "none on PATH"}); install postgresql-client-${major} or set MAMORI_PG_BIN to its bin folder` +
      " (the embedded PostgreSQL ships no pg_dump: point DATABASE_URL at a server the local pg_dump matches)",
  );
}

export interface BackupResult {
  file: string;
  bytes: number;
  serverVersion: number;
}

export async function backupDatabase(url: string, file: string): Promise<BackupResult> {
  const major = await serverMajor(url);
  const bin = await findTool("pg_dump", major);
  const c = libpq(url);
  await run(bin, ["-Fc", "--no-owner", "-f", file, ...c.args], { env: c.env, maxBuffer: 16 * 1024 * 1024 }).catch((e: { stderr?: string }) => {
    throw new CliError(`pg_dump failed: ${String(e.stderr ?? e).trim().split("\n")[0]}`);
  });
  return { file, bytes: statSync(file).size, serverVersion: major };
}

/** Restores into the (existing, normally empty) database of `url`; objects in it are replaced. */
export async function restoreDatabase(url: string, file: string): Promise<{ file: string; serverVersion: number }> {
  if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  const major = await serverMajor(url);
  const bin = await findTool("pg_restore", major);
  const c = libpq(url);
  await run(bin, ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", ...c.args, file], { env: c.env, maxBuffer: 16 * 1024 * 1024 }).catch(
    (e: { stderr?: string }) => {
      throw new CliError(`pg_restore failed: ${String(e.stderr ?? e).trim().split("\n")[0]}`);
    },
  );
  return { file, serverVersion: major };
}
