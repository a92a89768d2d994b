import { prisma } from "@/lib/db/client";

/** What a customer (or an analyst on their behalf) sees of their own organisation. */
export async function getCustomerOverview(scope: { customerId: string }) {
  const customer = await prisma.customer.findUniqueOrThrow({
    where: { id: scope.customerId },
    select: {
      slug: true,
      name: true,
      timezone: true,
      internalNetworks: true,
      contactEmails: true,
      devices: {
        where: { disabled: false },
        orderBy: { hostname: "asc" },
        select: { id: true, vendor: true, model: true, function: true, hostname: true, ip: true, serial: true, timezone: true },
      },
    },
  });
  return customer;
}
export type CustomerOverview = Awaited<ReturnType<typeof getCustomerOverview>>;

/** Customers an analyst or admin can pick from. */
export async function listActiveCustomers() {
  return prisma.customer.findMany({ where: { disabled: false }, orderBy: { slug: "asc" }, select: { slug: true, name: true } });
}

/**
 * The `customer` (slug) filter of a staff list as part of a where clause: {} for every customer,
 * null when no customer has that slug (the list is then empty, never everyone's).
 */
export async function customerFilterWhere(slug: string | undefined): Promise<{ customerId?: string } | null> {
  if (!slug) return {};
  const c = await prisma.customer.findUnique({ where: { slug }, select: { id: true } });
  return c ? { customerId: c.id } : null;
}
