import { randomBytes } from "node:crypto";

/** Unique, valid slugs/serials/e-mails so tests sharing one database never collide. */
export function uniq(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}
