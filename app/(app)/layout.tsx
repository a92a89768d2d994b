import { requireUser } from "@/lib/auth/guard";
import { AppHeader } from "@/components/app-header";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <AppHeader user={user} />
      <main className="container">{children}</main>
    </>
  );
}
