import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: "admin" | "analyst" | "customer";
    customerId?: string | null;
    customerSlug?: string | null;
    locale?: "ja" | "en";
    issuedAt?: number;
  }
}
