import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guard";

export default async function Home() {
  const user = await requireUser();
  redirect(user.role === "customer" ? `/customers/${user.customerSlug}` : "/customers");
}
