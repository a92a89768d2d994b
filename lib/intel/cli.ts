import { readFile } from "node:fs/promises";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { createThreatList, importThreatList } from "./lists";

/** `soc intel import --list NAME FILE|-`: creates the list if needed, then imports (audited as cli). */
export async function intelImportCommand(file: string, o: { list: string; kind: "ip" | "domain"; source: string; expires: string; replace?: boolean }) {
  let text: string;
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    text = Buffer.concat(chunks).toString("utf8");
  } else text = await readFile(file, "utf8");
  const list = (await prisma.threatList.findUnique({ where: { name: o.list } })) ?? (await createThreatList({ name: o.list, kind: o.kind, source: o.source }, CLI_ACTOR));
  const summary = await importThreatList(list.id, { text, source: o.source, expires: o.expires, replace: !!o.replace }, CLI_ACTOR);
  return { list: list.name, kind: list.kind, ...summary };
}
