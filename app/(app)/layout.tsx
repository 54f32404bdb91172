import { AppSidebar } from "@/components/shell/app-sidebar";
import { requirePageRole } from "@/lib/auth/session";

export default async function AppLayout({
  children,
}: {
  children: React.ReactNode;
}) {
  const viewer = await requirePageRole("viewer");
  return (
    <div className="flex min-h-screen">
      <AppSidebar viewer={viewer} />
      <main className="flex-1 overflow-x-auto p-8">{children}</main>
    </div>
  );
}
