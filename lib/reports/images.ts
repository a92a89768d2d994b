import { createHash } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { InputError } from "@/lib/validation";

// Uploaded images: a customer's network diagram (ネットワーク構成図) and the provider's logo.
// The type is decided by the file's bytes (magic numbers), never by its name or the browser's
// claim; sizes are limited; SVG must be plain drawing (no scripts, event handlers, external
// references or entities). Stored rows are never changed: a new upload is a new row, so a
// published report keeps showing the image it was published with.

export type ImageKind = "network_diagram" | "logo";
export type ImageType = "image/png" | "image/jpeg" | "image/svg+xml";

export const IMAGE_LIMITS: Record<ImageKind, { maxBytes: number; types: ImageType[] }> = {
  network_diagram: { maxBytes: Number(process.env.MAMORI_DIAGRAM_MAX_BYTES ?? 5 * 1024 * 1024), types: ["image/png", "image/jpeg", "image/svg+xml"] },
  // The logo is drawn into PDFs, which take PNG and JPEG only.
  logo: { maxBytes: Number(process.env.MAMORI_LOGO_MAX_BYTES ?? 1024 * 1024), types: ["image/png", "image/jpeg"] },
};

export interface ImageFacts {
  contentType: ImageType;
  width: number | null;
  height: number | null;
}

function pngFacts(b: Buffer): ImageFacts | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length < 33 || !sig.every((x, i) => b[i] === x) || b.toString("latin1", 12, 16) !== "IHDR") return null;
  return { contentType: "image/png", width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function jpegFacts(b: Buffer): ImageFacts | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null;
  // Walk the markers to the frame header (SOF0..SOF15 except DHT/JPG/DAC) for the size.
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { contentType: "image/jpeg", width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
    }
    if (marker === 0xd9 || marker === 0xda) break;
    i += 2 + len;
  }
  return { contentType: "image/jpeg", width: null, height: null };
}

const SVG_FORBIDDEN: [RegExp, string][] = [
  [/<script\b/i, "script"],
  [/<foreignObject\b/i, "foreignObject"],
  [/\son[a-z]+\s*=/i, "event handler"],
  [/javascript:/i, "javascript: URL"],
  [/<!ENTITY/i, "entity"],
  [/(?:xlink:)?href\s*=\s*["']\s*(?!#|data:image\/(?:png|jpeg);)/i, "external reference"],
  [/@import|url\(\s*["']?\s*(?!#)/i, "external stylesheet or URL"],
];

function svgFacts(b: Buffer): ImageFacts | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    return null;
  }
  const head = text.replace(/^\uFEFF/, "").replace(/^(\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*>)*/i, "");
  if (!/^<svg[\s>]/i.test(head) || !/<\/svg>\s*$/i.test(text.trim() + "")) return null;
  for (const [re] of SVG_FORBIDDEN) if (re.test(text)) throw new InputError({ file: "svgUnsafe" });
  const tag = /^<svg\b[^>]*>/i.exec(head)?.[0] ?? "";
  const num = (name: string) => {
    const m = new RegExp(`\\s${name}\\s*=\\s*["']\\s*([0-9.]+)\\s*(px)?\\s*["']`, "i").exec(tag);
    return m ? Math.round(Number(m[1])) : null;
  };
  let width = num("width");
  let height = num("height");
  const vb = /\sviewBox\s*=\s*["']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*["']/i.exec(tag);
  if ((!width || !height) && vb) {
    width = Math.round(Number(vb[1]));
    height = Math.round(Number(vb[2]));
  }
  return { contentType: "image/svg+xml", width, height };
}

/** What the bytes are, or an InputError on field "file" (imageEmpty, imageTooLarge, imageType, svgUnsafe). */
export function inspectImage(bytes: Buffer, kind: ImageKind): ImageFacts {
  const limits = IMAGE_LIMITS[kind];
  if (!bytes.length) throw new InputError({ file: "imageEmpty" });
  if (bytes.length > limits.maxBytes) throw new InputError({ file: "imageTooLarge" });
  const facts = pngFacts(bytes) ?? jpegFacts(bytes) ?? svgFacts(bytes);
  if (!facts || !limits.types.includes(facts.contentType)) throw new InputError({ file: "imageType" });
  if ((facts.width !== null && facts.width > 20_000) || (facts.height !== null && facts.height > 20_000)) throw new InputError({ file: "imageTooLarge" });
  return facts;
}

export interface StoredImageInfo {
  id: string;
  kind: ImageKind;
  contentType: ImageType;
  width: number | null;
  height: number | null;
  sizeBytes: number;
  uploadedBy: string;
  createdAt: string;
}

const INFO_SELECT = { id: true, kind: true, contentType: true, width: true, height: true, sizeBytes: true, uploadedBy: true, createdAt: true } as const;
type InfoRow = { id: string; kind: string; contentType: string; width: number | null; height: number | null; sizeBytes: number; uploadedBy: string; createdAt: Date };
const info = (r: InfoRow): StoredImageInfo => ({ ...r, kind: r.kind as ImageKind, contentType: r.contentType as ImageType, createdAt: r.createdAt.toISOString() });

export async function storeImage(input: { customerId: string | null; kind: ImageKind; bytes: Buffer }, actor: Actor): Promise<StoredImageInfo> {
  const facts = inspectImage(input.bytes, input.kind);
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  return prisma.$transaction(async (tx) => {
    const row = await tx.storedImage.create({
      data: { customerId: input.customerId, kind: input.kind, contentType: facts.contentType, data: new Uint8Array(input.bytes), sizeBytes: input.bytes.length, sha256, width: facts.width, height: facts.height, uploadedBy: actor.email },
      select: INFO_SELECT,
    });
    await writeAudit({ actor, action: `image.upload`, entityType: input.kind, entityId: row.id, customerId: input.customerId, after: { ...facts, sizeBytes: input.bytes.length, sha256 } }, tx);
    return info(row);
  });
}

/** The customer's current network diagram (the newest upload). */
export async function currentDiagram(scope: { customerId: string }): Promise<StoredImageInfo | null> {
  const r = await prisma.storedImage.findFirst({ where: { customerId: scope.customerId, kind: "network_diagram" }, orderBy: { createdAt: "desc" }, select: INFO_SELECT });
  return r ? info(r) : null;
}

/** An image's bytes if it belongs to this customer (or is service-wide, like the logo). */
export async function readImage(id: string, scope: { customerId: string } | null): Promise<{ contentType: ImageType; data: Buffer; sha256: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const r = await prisma.storedImage.findUnique({ where: { id }, select: { customerId: true, contentType: true, data: true, sha256: true } });
  if (!r) return null;
  if (r.customerId !== null && r.customerId !== scope?.customerId) return null;
  return { contentType: r.contentType as ImageType, data: Buffer.from(r.data), sha256: r.sha256 };
}

/**
 * PNG or JPEG bytes for the PDF (react-pdf draws no SVG files): SVG is rasterised with sharp
 * (installed with Next.js) at twice its size; null when that is not possible.
 */
export async function imageForPdf(img: { contentType: ImageType; data: Buffer }): Promise<{ data: Buffer; format: "png" | "jpg" } | null> {
  if (img.contentType === "image/png") return { data: img.data, format: "png" };
  if (img.contentType === "image/jpeg") return { data: img.data, format: "jpg" };
  try {
    const sharp = (await import("sharp")).default;
    return { data: await sharp(img.data, { density: 144 }).png().toBuffer(), format: "png" };
  } catch {
    return null;
  }
}
