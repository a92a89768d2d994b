import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { storeImage } from "@/lib/reports/images";

// The provider's name, report title and logo on the report's cover and page headers: settings
// an admin changes in the browser, not code. One row ("default"); defaults until first saved.

export interface Branding {
  providerName: string;
  reportTitle: string;
  logoImageId: string | null;
}

export const DEFAULT_BRANDING: Branding = {
  providerName: process.env.MAMORI_PROVIDER_NAME || "Mamori セキュリティオペレーションセンター",
  reportTitle: "セキュリティ運用監視サービス 月次分析レポート",
  logoImageId: null,
};

export const brandingInputSchema = z.object({
  providerName: z.string().trim().min(1, "required").max(200, "tooLong"),
  reportTitle: z.string().trim().min(1, "required").max(200, "tooLong"),
  removeLogo: z.preprocess((v) => v === "true" || v === true || v === "on", z.boolean()).default(false),
});

export async function getBranding(): Promise<Branding> {
  const row = await prisma.brandingSetting.findUnique({ where: { id: "default" } });
  return row ? { providerName: row.providerName, reportTitle: row.reportTitle, logoImageId: row.logoImageId } : { ...DEFAULT_BRANDING };
}

/** Saves name and title, and the new logo if one is given (PNG or JPEG, validated by its bytes). */
export async function saveBranding(input: unknown, logo: Buffer | null, actor: Actor): Promise<Branding> {
  const data = parseInput(brandingInputSchema, input);
  const before = await getBranding();
  let logoImageId = data.removeLogo ? null : before.logoImageId;
  if (logo && logo.length) {
    try {
      logoImageId = (await storeImage({ customerId: null, kind: "logo", bytes: logo }, actor)).id;
    } catch (err) {
      if (err instanceof InputError) throw new InputError({ logo: err.fields.file ?? "invalid" });
      throw err;
    }
  }
  const after = { providerName: data.providerName, reportTitle: data.reportTitle, logoImageId };
  await prisma.$transaction(async (tx) => {
    await tx.brandingSetting.upsert({ where: { id: "default" }, create: { id: "default", ...after, updatedBy: actor.email }, update: { ...after, updatedBy: actor.email } });
    await writeAudit({ actor, action: "branding.update", entityType: "branding", entityId: "default", before, after }, tx);
  });
  return after;
}
