import type { Metadata } from "next";

import { AddMemberForm } from "@/components/settings/add-member-form";
import {
  MembersTable,
  type MemberRow,
} from "@/components/settings/members-table";
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
import {
  listMembers,
  MEMBER_ADMIN_ROLE,
  type Member,
} from "@/lib/actions/services/members";
import { requirePageRole } from "@/lib/auth/session";
import { getReportLinkDays } from "@/lib/channels/report-links";

export const metadata: Metadata = { title: "Settings" };

// Dates are shown in UTC so the server and the browser render the same text.
const addedDate = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
});

function toRow(member: Member): MemberRow {
  return {
    membershipId: member.membershipId,
    userId: member.userId,
    name: member.name,
    email: member.email,
    role: member.role,
    addedOn: addedDate.format(member.addedAt),
    addedAt: member.addedAt.toISOString(),
  };
}

export default async function SettingsPage() {
  const viewer = await requirePageRole(MEMBER_ADMIN_ROLE);
  const db = await getDb();
  const [members, reportLinkDays] = await Promise.all([
    listMembers(db, viewer.workspaceId),
    getReportLinkDays(db, viewer.workspaceId),
  ]);

  return (
    <>
      <PageHeader
        title="Settings"
        description="Workspace members and workspace settings. Your own password is under Your account."
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
            <CardTitle>Members</CardTitle>
            <CardDescription>
              Admins manage members and workspace settings, recruiters edit
              agents and job mappings, and viewers can read every page but this
              one.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-6">
            <MembersTable
              members={members.map(toRow)}
              currentUserId={viewer.userId}
              canManage
            />
            <AddMemberForm />
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
