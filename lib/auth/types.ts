export type Role = "admin" | "analyst" | "customer";

/** The signed-in person as every guard and data-access function sees them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  customerId: string | null;
  customerSlug: string | null;
  locale: "ja" | "en";
  /** TOTP is on for this user. */
  twoFactor: boolean;
}

/** Admins and analysts must use two-factor; customers may. */
export function requiresTwoFactor(role: Role): boolean {
  return role !== "customer";
}

/** A users row (with its customer's slug) as the session and the guards see it. */
export function toSessionUser(user: {
  id: string;
  email: string;
  name: string;
  role: Role;
  customerId: string | null;
  locale: "ja" | "en";
  customer?: { slug: string } | null;
  totpSecret?: string | null;
}): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    customerId: user.customerId,
    customerSlug: user.customer?.slug ?? null,
    locale: user.locale,
    twoFactor: !!user.totpSecret,
  };
}

/** Who did something, for the audit log: a signed-in user or the CLI. */
export interface Actor {
  id: string | null;
  email: string;
  ip?: string | null;
}

export const CLI_ACTOR: Actor = { id: null, email: "cli" };

export function actorOf(user: SessionUser, ip?: string | null): Actor {
  return { id: user.id, email: user.email, ip: ip ?? null };
}
