import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { deviceInputSchema, deviceUpdateSchema } from "./schema";

export async function listDevices(scope?: { customerId: string }) {
  return prisma.device.findMany({
    where: scope ? { customerId: scope.customerId } : {},
    orderBy: [{ customer: { slug: "asc" } }, { hostname: "asc" }],
    include: { customer: { select: { slug: true, name: true } } },
  });
}

export async function getDeviceById(id: string) {
  return prisma.device.findUnique({ where: { id }, include: { customer: { select: { slug: true, name: true } } } });
}

export async function createDevice(input: unknown, actor: Actor) {
  const { customerSlug, ...data } = parseInput(deviceInputSchema, input);
  const customer = await prisma.customer.findUnique({ where: { slug: customerSlug } });
  if (!customer) throw new InputError({ customerSlug: "unknownCustomer" });
  if (await prisma.device.findUnique({ where: { serial: data.serial } })) throw new InputError({ serial: "serialTaken" });
  return prisma.$transaction(async (tx) => {
    const device = await tx.device.create({ data: { ...data, customerId: customer.id } });
    await writeAudit({ actor, action: "device.create", entityType: "device", entityId: device.id, customerId: customer.id, after: device }, tx);
    return device;
  });
}

export async function updateDevice(id: string, input: unknown, actor: Actor) {
  const data = parseInput(deviceUpdateSchema, input);
  const clash = await prisma.device.findFirst({ where: { serial: data.serial, NOT: { id } } });
  if (clash) throw new InputError({ serial: "serialTaken" });
  return prisma.$transaction(async (tx) => {
    const before = await tx.device.findUnique({ where: { id } });
    if (!before) throw new InputError({ id: "notFound" });
    const after = await tx.device.update({ where: { id }, data });
    await writeAudit({ actor, action: "device.update", entityType: "device", entityId: id, customerId: after.customerId, before, after }, tx);
    return after;
  });
}
