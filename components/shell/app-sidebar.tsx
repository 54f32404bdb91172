import { LogOut } from "lucide-react";
import Link from "next/link";

import { SidebarHealthStatus } from "@/components/health/sidebar-health-status";
import { Button } from "@/components/ui/button";
import { Separator } from "@/components/ui/separator";
import { signOut } from "@/lib/auth";
import type { Viewer } from "@/lib/auth/session";

import { SidebarNav } from "./sidebar-nav";

export function AppSidebar({ viewer }: { viewer: Viewer }) {
  return (
    <aside className="flex w-60 shrink-0 flex-col gap-4 border-r bg-sidebar p-4">
      <div>
        <p className="text-base font-semibold">Tracker Relay</p>
        <p className="text-sm text-muted-foreground" data-testid="workspace">
          {viewer.workspaceName}
        </p>
      </div>
      <Separator />
      <SidebarNav />
      <div className="mt-auto space-y-3">
        <SidebarHealthStatus workspaceId={viewer.workspaceId} />
        <Separator />
        <div className="text-sm" data-testid="signed-in-user">
          <p className="font-medium">{viewer.name ?? viewer.email}</p>
          <p className="text-muted-foreground">
            {viewer.email} · {viewer.role}
          </p>
          <Link href="/account" className="text-sm underline">
            Your account
          </Link>
        </div>
        <form
          action={async () => {
            "use server";
            await signOut({ redirectTo: "/sign-in" });
          }}
        >
          <Button type="submit" variant="outline" size="sm" className="w-full">
            <LogOut aria-hidden />
            Sign out
          </Button>
        </form>
      </div>
    </aside>
  );
}
