import type { Metadata } from "next";

import { ReportLinkDaysForm } from "@/components/settings/report-link-days-form";
import { PageHeader } from "@/components/shell/page-header";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { getDb } from "@/db";
import { requirePageRole } from "@/lib/auth/session";
import { getReportLinkDays } from "@/lib/channels/report-links";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const viewer = await requirePageRole("admin");
  const reportLinkDays = await getReportLinkDays(
    await getDb(),
    viewer.workspaceId,
  );
  return (
    <>
      <PageHeader
        title="Settings"
        description="Workspace settings. Only workspace admins can open this page."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Workspace</CardTitle>
            <CardDescription>{viewer.workspaceName}</CardDescription>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            Signed in as {viewer.email} with the {viewer.role} role.
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Report links</CardTitle>
            <CardDescription>
              Each result written to Tracker links to its PDF report. The link
              opens without signing in until it expires or is revoked from the
              candidate&apos;s page. Links already written keep their expiry.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ReportLinkDaysForm initialDays={reportLinkDays} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
