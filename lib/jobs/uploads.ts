import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { z } from "zod";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { getCustomerBySlug } from "@/lib/customers/customers";
import { parseLine } from "@/lib/ingest/panos/parse";
import { readLines } from "@/lib/ingest/source";
import { createIngestJob } from "./queue";

// Admin log upload: the multipart body is streamed straight to a file (busboy, never
// formData(): files are several GB), checked, and queued for the workers. The upload folder
// must be visible to the workers (one machine, or a shared volume: see docker-compose.yml).

export function uploadDir(): string {
  return process.env.MAMORI_UPLOAD_DIR ?? path.join(tmpdir(), "mamori-uploads");
}

function maxBytes(): number {
  return Number(process.env.MAMORI_UPLOAD_MAX_BYTES ?? 50 * 2 ** 30);
}

export type UploadErrorCode = "noFile" | "noCustomer" | "notLog" | "badGzip" | "noPanos" | "tooLarge" | "badRequest";

export class UploadError extends Error {
  constructor(
    public readonly code: UploadErrorCode,
    message: string,
    public readonly field: "file" | "customer" = "file",
  ) {
    super(message);
  }
}

const fieldsSchema = z.object({ customer: z.string().trim().min(1, "choose a customer") });

const SNIFF = 4096;
const CHECK_LINES = 2000;

/**
 * Lets bytes through while checking the start: gzip magic, or text (UTF-8, no NUL or other
 * control bytes). Fails the stream with an UploadError otherwise, so nothing more is written.
 */
class Sniffer extends Transform {
  kind: "gzip" | "text" | null = null;
  bytes = 0;
  private head = Buffer.alloc(0);

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.kind) return cb(null, chunk);
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < SNIFF) return cb();
    this.decide(cb);
  }

  override _flush(cb: TransformCallback): void {
    if (this.kind) return cb();
    if (this.head.length === 0) return cb(new UploadError("noFile", "the file is empty"));
    this.decide(cb);
  }

  private decide(cb: TransformCallback): void {
    const h = this.head;
    if (h.length >= 2 && h[0] === 0x1f && h[1] === 0x8b) this.kind = "gzip";
    else if (looksLikeText(h.subarray(0, SNIFF))) this.kind = "text";
    else return cb(new UploadError("notLog", "the first bytes are neither text nor gzip"));
    this.head = Buffer.alloc(0);
    cb(null, h);
  }
}

function looksLikeText(b: Buffer): boolean {
  for (const c of b) if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1b) || c === 0x7f) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b, { stream: true }); // a cut last character is fine
    return true;
  } catch {
    return false;
  }
}

/** At least one of the first lines must parse as a PAN-OS log, or this is not a log file. */
async function checkPanos(file: string): Promise<void> {
  let seen = 0;
  try {
    for await (const { lines } of readLines(file)) {
      for (const line of lines) {
        if (!line.trim()) continue;
        if (parseLine(line).ok) return;
        if (++seen >= CHECK_LINES) break;
      }
      if (seen >= CHECK_LINES) break;
    }
  } catch (err) {
    throw new UploadError("badGzip", `the gzip data cannot be read: ${(err as Error).message}`);
  }
  throw new UploadError("noPanos", seen ? `none of the first ${seen} lines is a PAN-OS log` : "the file has no lines");
}

export interface UploadResult {
  jobId: string;
  name: string;
  sizeBytes: number;
}

/** Streams one multipart upload (fields: customer, file) to disk, checks it and queues the ingest. */
export async function receiveUpload(req: Request, actor: Actor): Promise<UploadResult> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data") || !req.body) throw new UploadError("badRequest", "expected a multipart/form-data upload");
  await mkdir(uploadDir(), { recursive: true });
  const fields: Record<string, string> = {};
  let saved: { file: string; name: string; size: number } | null = null;
  let fileError: unknown = null;
  let fileDone: Promise<void> | null = null;
  const bb = busboy({ headers: { "content-type": type }, limits: { files: 1, fields: 10, fieldSize: 1024, fileSize: maxBytes() } });
  bb.on("field", (name, value) => (fields[name] = value));
  bb.on("file", (field, stream, info) => {
    if (field !== "file" || saved || fileDone) return stream.resume();
    const name = path.basename(info.filename || "upload.log").slice(0, 200);
    const file = path.join(uploadDir(), `${randomUUID()}${/\.gz$/i.test(name) ? ".log.gz" : ".log"}`);
    const sniffer = new Sniffer();
    let truncated = false;
    stream.on("limit", () => (truncated = true));
    // pipe(), not pipeline(), from busboy's stream: on a refusal it must stay alive to be drained
    // (a destroyed part stream stalls busboy and the request never ends).
    stream.on("error", (e) => sniffer.destroy(e)); // client gone mid-file
    stream.pipe(sniffer);
    fileDone = pipeline(sniffer, createWriteStream(file))
      .then(() => {
        if (truncated) throw new UploadError("tooLarge", `the file is larger than ${maxBytes()} bytes`);
        saved = { file, name, size: sniffer.bytes };
      })
      .catch(async (err) => {
        fileError = err;
        stream.unpipe(sniffer);
        stream.resume(); // read (and drop) the rest of the body so the response can be sent
        await rm(file, { force: true });
      });
  });
  const finished = new Promise<void>((resolve, reject) => {
    bb.on("close", resolve);
    bb.on("error", reject);
  });
  try {
    await pipeline(Readable.fromWeb(req.body as never), bb);
    await finished;
  } catch (err) {
    throw new UploadError("badRequest", `the upload was cut off: ${(err as Error).message}`);
  } finally {
    await fileDone;
  }
  const current = saved as { file: string; name: string; size: number } | null;
  try {
    if (fileError) throw fileError instanceof UploadError ? fileError : new UploadError("badRequest", String((fileError as Error).message));
    if (!current) throw new UploadError("noFile", "choose a log file");
    const parsed = fieldsSchema.safeParse(fields);
    if (!parsed.success) throw new UploadError("noCustomer", "choose a customer", "customer");
    const customer = await getCustomerBySlug(parsed.data.customer);
    if (!customer) throw new UploadError("noCustomer", `unknown customer ${parsed.data.customer}`, "customer");
    await checkPanos(current.file);
    const job = await createIngestJob({ customerId: customer.id, path: current.file, name: current.name, source: "upload", sizeBytes: current.size, createdBy: actor.id });
    await writeAudit({
      actor,
      action: "ingest.upload",
      entityType: "ingest_job",
      entityId: job.id,
      customerId: customer.id,
      after: { name: current.name, sizeBytes: current.size, jobId: job.id },
    });
    return { jobId: job.id, name: current.name, sizeBytes: current.size };
  } catch (err) {
    if (current) await rm(current.file, { force: true });
    throw err;
  }
}
