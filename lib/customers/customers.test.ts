import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/auth/types";
import { InputError } from "@/lib/validation";
import { uniq } from "@/lib/testing/helpers";
import { createCustomer, updateCustomer } from "./customers";
import { createDevice } from "@/lib/devices/devices";

describe("customers", () => {
  it("creates a customer with defaults and a customer code, and audits it", async () => {
    const slug = uniq("cust");
    const c = await createCustomer({ slug, name: "株式会社テスト", internalNetworks: "10.0.0.0/8, 192.168.0.0/16" }, CLI_ACTOR);
    expect(c.timezone).toBe("Asia/Tokyo");
    expect(c.internalNetworks).toEqual(["10.0.0.0/8", "192.168.0.0/16"]);
    expect(c.code).toMatch(/^\d+$/);
    const audit = await prisma.auditLog.findFirst({ where: { entityId: c.id, action: "customer.create" } });
    expect(audit?.actorEmail).toBe("cli");
    expect((audit?.after as { slug: string }).slug).toBe(slug);
  });

  it("rejects bad fields with one code per field", async () => {
    const err = await createCustomer({ slug: "Bad Slug", name: "", timezone: "Mars/Olympus", internalNetworks: "10.0.0.0/33" }, CLI_ACTOR).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.fields).toEqual({ slug: "slug", name: "required", timezone: "timezone", internalNetworks: "cidr" });
  });

  it("refuses a duplicate slug", async () => {
    const slug = uniq("dup");
    await createCustomer({ slug, name: "A" }, CLI_ACTOR);
    await expect(createCustomer({ slug, name: "B" }, CLI_ACTOR)).rejects.toMatchObject({ fields: { slug: "slugTaken" } });
  });

  it("records before and after on update", async () => {
    const c = await createCustomer({ slug: uniq("upd"), name: "旧名" }, CLI_ACTOR);
    await updateCustomer(c.id, { name: "新名", timezone: "UTC", disabled: true }, CLI_ACTOR);
    const a = await prisma.auditLog.findFirst({ where: { entityId: c.id, action: "customer.update" } });
    expect((a?.before as { name: string }).name).toBe("旧名");
    expect((a?.after as { name: string; disabled: boolean }).name).toBe("新名");
    expect((a?.after as { disabled: boolean }).disabled).toBe(true);
  });
});

describe("devices", () => {
  it("belong to one customer and have a unique serial", async () => {
    const slug = uniq("dev");
    await createCustomer({ slug, name: "機器テスト" }, CLI_ACTOR);
    const serial = uniq("SER");
    const d = await createDevice({ customerSlug: slug, hostname: "fw1", serial, model: "PA-3220", ip: "192.0.2.13" }, CLI_ACTOR);
    expect(d.vendor).toBe("PaloAltoNetworks");
    expect(d.function).toBe("UTM");
    await expect(createDevice({ customerSlug: slug, hostname: "fw2", serial, model: "PA-220", ip: "192.0.2.14" }, CLI_ACTOR)).rejects.toMatchObject({
      fields: { serial: "serialTaken" },
    });
    await expect(createDevice({ customerSlug: "nobody-here", hostname: "x", serial: uniq("S"), model: "m", ip: "192.0.2.1" }, CLI_ACTOR)).rejects.toMatchObject({
      fields: { customerSlug: "unknownCustomer" },
    });
    await expect(createDevice({ customerSlug: slug, hostname: "x", serial: uniq("S"), model: "m", ip: "300.1.1.1" }, CLI_ACTOR)).rejects.toMatchObject({
      fields: { ip: "ip" },
    });
  });
});
