import type pg from "pg";
import { contentHead, sha256File } from "./source";

// Which ingest_files row an ingest writes under, and from which line: exactly once per content.
//
// A file's identity is the sha256 of its content (gzip decoded). Hashing a big file whole
// before writing anything kept PostgreSQL idle for that long (5.2 s of a 40 s ingest of 3.5 GB),
// so a file is first known by its head (sha256 of the first MiB, which any file of the same
// content shares):
// - no row of the customer has that head: the content is new. It is claimed at once and hashed
//   while it is read (readBatches with a hash); each commit records how many content bytes its
//   lines span and their sha256, and the last one the content's sha256.
// - otherwise the file is hashed whole first, as before: the same content done is skipped, the
//   same content unfinished is resumed; an unfinished row claimed by its head (no sha256 yet)
//   is resumed if this content starts with exactly the bytes it committed; else the file is new.
// One advisory lock per customer and head, held until the ingest of the file ends: two ingests
// of the same content never run at once, and the second finds the first's row done.

export interface Claim {
  fileId: string;
  /** "done": the same content was ingested before (skip it) */
  status: "new" | "resume" | "done";
  /** lines committed before (a resumed file goes on after them) */
  resumeAfter: number;
  /** the file's size in bytes (as stored) */
  size: number;
  /** the content's sha256 is unknown yet: hash it while reading and record it with the last batch */
  hashing: boolean;
  /** releases the lock (after the file's last commit or on failure) */
  release: () => Promise<void>;
}

interface FileRow {
  id: string;
  sha256: string | null;
  status: string;
  lines_committed: string;
  bytes_committed: string;
  prefix_sha256: string | null;
}

const LOCK_SPACE = 727272;
const COLUMNS = `id::text, sha256, status, lines_committed::text, bytes_committed::text, prefix_sha256`;

export async function claimFile(client: pg.ClientBase, customerId: string, file: { path: string; name: string }): Promise<Claim> {
  const { headSha256, size } = await contentHead(file.path);
  const lockKey = `${customerId}:${headSha256}`;
  await client.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [LOCK_SPACE, lockKey]);
  const release = async () => {
    await client.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [LOCK_SPACE, lockKey]);
  };
  try {
    // Rows from before heads were recorded have none: a file of the same size is hashed whole first.
    const { rows: seen } = await client.query<FileRow>(
      `SELECT ${COLUMNS} FROM ingest_files WHERE customer_id = $1 AND (head_sha256 = $2 OR (head_sha256 IS NULL AND size_bytes = $3))`,
      [customerId, headSha256, size],
    );
    const insert = async (sha256: string | null) => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO ingest_files (customer_id, sha256, head_sha256, name, size_bytes) VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
        [customerId, sha256, headSha256, file.name, size],
      );
      return rows[0]!.id;
    };
    if (seen.length === 0) return { fileId: await insert(null), status: "new", resumeAfter: 0, size, hashing: true, release };

    const unfinished = seen.filter((r) => r.sha256 === null && r.status !== "done");
    const { sha256, prefixes } = await sha256File(
      file.path,
      unfinished.map((r) => Number(r.bytes_committed)),
    );
    const { rows: same } = await client.query<FileRow>(`SELECT ${COLUMNS} FROM ingest_files WHERE customer_id = $1 AND sha256 = $2`, [customerId, sha256]);
    if (same[0]) {
      const r = same[0];
      return { fileId: r.id, status: r.status === "done" ? "done" : "resume", resumeAfter: Number(r.lines_committed), size, hashing: false, release };
    }
    // Killed before it knew its hash: resumable by content that starts with what it committed.
    const resumable = unfinished
      .filter((r) => Number(r.bytes_committed) === 0 || prefixes.get(Number(r.bytes_committed)) === r.prefix_sha256)
      .sort((a, b) => Number(b.lines_committed) - Number(a.lines_committed))[0];
    if (resumable) {
      await client.query(`UPDATE ingest_files SET sha256 = $2, name = $3, size_bytes = $4, updated_at = now() WHERE id = $1`, [resumable.id, sha256, file.name, size]);
      return { fileId: resumable.id, status: "resume", resumeAfter: Number(resumable.lines_committed), size, hashing: false, release };
    }
    return { fileId: await insert(sha256), status: "new", resumeAfter: 0, size, hashing: false, release };
  } catch (err) {
    await release().catch(() => {});
    throw err;
  }
}
