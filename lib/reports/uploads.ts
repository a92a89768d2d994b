import type { Actor } from "@/lib/auth/types";
import { InputError } from "@/lib/validation";
import { saveBranding } from "@/lib/branding/branding";
import { IMAGE_LIMITS, storeImage } from "./images";

// Multipart uploads from the browser (route handlers; server actions cap bodies at 1 MB).

async function form(req: Request): Promise<FormData> {
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > IMAGE_LIMITS.network_diagram.maxBytes + 64 * 1024) throw new InputError({ file: "imageTooLarge" });
  try {
    return await req.formData();
  } catch {
    throw new InputError({ file: "invalid" });
  }
}

async function fileBytes(data: FormData, name: string): Promise<Buffer | null> {
  const f = data.get(name);
  if (!f || typeof f === "string") return null;
  return Buffer.from(await f.arrayBuffer());
}

export async function uploadNetworkDiagram(scope: { customerId: string }, req: Request, actor: Actor) {
  const bytes = await fileBytes(await form(req), "file");
  if (!bytes) throw new InputError({ file: "required" });
  return storeImage({ customerId: scope.customerId, kind: "network_diagram", bytes }, actor);
}

export async function saveBrandingFromRequest(req: Request, actor: Actor) {
  const data = await form(req);
  const logo = await fileBytes(data, "logo");
  const fields = Object.fromEntries([...data.entries()].filter(([, v]) => typeof v === "string"));
  return saveBranding(fields, logo && logo.length ? logo : null, actor);
}
