import type { Metadata } from "next";

import { PageHeader } from "@/components/shell/page-header";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { requirePageRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const viewer = await requirePageRole("admin");
  return (
    <>
      <PageHeader
        title="Settings"
        description="Workspace settings. Only workspace admins can open this page."
      />
      <Card>
        <CardHeader>
          <CardTitle>Workspace</CardTitle>
          <CardDescription>{viewer.workspaceName}</CardDescription>
        </CardHeader>
        <CardContent className="text-sm text-muted-foreground">
          Signed in as {viewer.email} with the {viewer.role} role.
        </CardContent>
      </Card>
    </>
  );
}
