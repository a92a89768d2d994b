import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/types";
import { InputError, parseInput } from "@/lib/validation";
import { customerInputSchema, customerUpdateSchema } from "./schema";

// Staff-side management of customers. Reads of one customer's data go through
// resolveCustomerScope (lib/auth/guard) first; these functions are for admins and the CLI.

export async function listCustomers() {
  return prisma.customer.findMany({ orderBy: { slug: "asc" }, include: { _count: { select: { devices: true, users: true } } } });
}

export async function getCustomerById(id: string) {
  return prisma.customer.findUnique({ where: { id } });
}

export async function getCustomerBySlug(slug: string) {
  return prisma.customer.findUnique({ where: { slug } });
}

async function nextCustomerCode(): Promise<string> {
  const rows = await prisma.$queryRaw<{ max: number | null }[]>`SELECT max(code::bigint)::int AS max FROM customers WHERE code ~ '^[0-9]+$'`;
  return String(Math.max(10_000, rows[0]?.max ?? 0) + 1);
}

export async function createCustomer(input: unknown, actor: Actor) {
  const data = parseInput(customerInputSchema, input);
  const clash = await prisma.customer.findFirst({ where: { OR: [{ slug: data.slug }, ...(data.code ? [{ code: data.code }] : [])] } });
  if (clash) throw new InputError(clash.slug === data.slug ? { slug: "slugTaken" } : { code: "codeTaken" });
  const code = data.code ?? (await nextCustomerCode());
  return prisma.$transaction(async (tx) => {
    const customer = await tx.customer.create({ data: { ...data, code } });
    await writeAudit({ actor, action: "customer.create", entityType: "customer", entityId: customer.id, customerId: customer.id, after: customer }, tx);
    return customer;
  });
}

export async function updateCustomer(id: string, input: unknown, actor: Actor) {
  const data = parseInput(customerUpdateSchema, input);
  return prisma.$transaction(async (tx) => {
    const before = await tx.customer.findUnique({ where: { id } });
    if (!before) throw new InputError({ id: "notFound" });
    const after = await tx.customer.update({ where: { id }, data });
    await writeAudit({ actor, action: "customer.update", entityType: "customer", entityId: id, customerId: id, before, after }, tx);
    return after;
  });
}
