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
