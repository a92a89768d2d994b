import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { headers } from "next/headers";
import { prisma } from "@/lib/db/client";
import { clientAddress } from "./client-address";
import { authOptions } from "./options";
import { sessionExpired } from "./session";
import { requiresTwoFactor, toSessionUser, type Role, type SessionUser } from "./types";

// The one guard every page, server action and route handler goes through. The JWT says who
// the user is; the database says whether that is still true (disabled, password changed after
// the token was issued, customer disabled), so revocation takes effect on the next request.

export interface CustomerScope {
  customerId: string;
  slug: string;
  name: string;
  timezone: string;
}

export class HttpError extends Error {
  constructor(
    public readonly status: 400 | 401 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(authOptions)) as
    | (Record<string, unknown> & { uid?: string; issuedAt?: number })
    | null;
  const uid = session?.uid;
  if (!uid) return null;
  const user = await prisma.user.findUnique({ where: { id: uid }, include: { customer: { select: { slug: true, disabled: true } } } });
  if (!user || user.disabled || user.customer?.disabled) return null;
  if (sessionExpired(session.issuedAt, user.passwordChangedAt)) return null;
  return toSessionUser(user);
});

/** Staff signed in with a password only because they have not enrolled yet: they may only enrol. */
export function mustEnrolTwoFactor(user: SessionUser): boolean {
  return requiresTwoFactor(user.role) && !user.twoFactor;
}

export const TWO_FACTOR_ENROL_PATH = "/two-factor";

/** Tenancy in one place: which customer a user may read, given the slug in the URL. */
export async function resolveCustomerScope(user: SessionUser, slug: string): Promise<CustomerScope | null> {
  if (user.role === "customer" && user.customerSlug !== slug) return null;
  const customer = await prisma.customer.findUnique({ where: { slug }, select: { id: true, slug: true, name: true, timezone: true, disabled: true } });
  if (!customer) return null;
  if (user.role === "customer" && (customer.id !== user.customerId || customer.disabled)) return null;
  return { customerId: customer.id, slug: customer.slug, name: customer.name, timezone: customer.timezone };
}

// ---- pages and server actions: redirect to sign-in, 404 for everything not theirs ----

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  if (mustEnrolTwoFactor(user)) redirect(TWO_FACTOR_ENROL_PATH);
  return user;
}

/** The enrolment page and its actions: signed in, two-factor not necessarily on yet. */
export async function requireUserForEnrolment(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return user;
}

export async function requireRole(...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) notFound();
  return user;
}

export async function requireCustomer(slug: string): Promise<{ user: SessionUser; scope: CustomerScope }> {
  const user = await requireUser();
  const scope = await resolveCustomerScope(user, slug);
  if (!scope) notFound();
  return { user, scope };
}

// ---- route handlers: JSON errors with the same rules ----

export async function apiUser(...roles: Role[]): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new HttpError(401, "sign-in required");
  if (mustEnrolTwoFactor(user)) throw new HttpError(403, "two-factor enrolment required");
  if (roles.length && !roles.includes(user.role)) throw new HttpError(404, "not found");
  return user;
}

export async function apiCustomer(slug: string): Promise<{ user: SessionUser; scope: CustomerScope }> {
  const user = await apiUser();
  const scope = await resolveCustomerScope(user, slug);
  if (!scope) throw new HttpError(404, "not found");
  return { user, scope };
}

export function withApi<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (err instanceof HttpError) return Response.json({ error: err.message }, { status: err.status });
      throw err;
    }
  };
}

/** The client address of this request (page, server action or route handler), as the trusted reverse proxy reports it. */
export async function requestIp(): Promise<string | null> {
  return clientAddress(await headers());
}
