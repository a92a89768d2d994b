import { promisify } from "node:util";
import zlib from "node:zlib";
import { prisma } from "@/lib/db/client";

const unbrotli = promisify(zlib.brotliDecompress);

/** The original log line of an event, from the compressed chunk of its batch; null if not the caller's. */
export async function rawLine(scope: { customerId: string }, fileId: bigint, lineNo: bigint): Promise<string | null> {
  const chunk = await prisma.ingestChunk.findFirst({
    where: { customerId: scope.customerId, fileId, firstLine: { lte: lineNo }, lastLine: { gte: lineNo } },
  });
  if (!chunk) return null;
  const text = (await unbrotli(chunk.data)).toString("utf8");
  let start = 0;
  for (let n = chunk.firstLine; n < lineNo; n++) start = text.indexOf("\n", start) + 1;
  const end = text.indexOf("\n", start);
  return text.slice(start, end < 0 ? undefined : end);
}
