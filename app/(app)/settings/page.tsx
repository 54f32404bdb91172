import type { Metadata } from "next";

import { AddMemberForm } from "@/components/settings/add-member-form";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
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
import { getAccountSummary } from "@/lib/actions/services/account";
import {
  listMembers,
  MEMBER_ADMIN_ROLE,
  type Member,
} from "@/lib/actions/services/members";
import { hasRole, requirePageRole } from "@/lib/auth/session";
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
  const viewer = await requirePageRole("viewer");
  const isAdmin = hasRole(viewer.role, MEMBER_ADMIN_ROLE);
  const db = await getDb();
  const [members, account, reportLinkDays] = await Promise.all([
    listMembers(db, viewer.workspaceId),
    getAccountSummary(db, viewer.userId),
    isAdmin ? getReportLinkDays(db, viewer.workspaceId) : null,
  ]);

  return (
    <>
      <PageHeader
        title="Settings"
        description={
          isAdmin
            ? "Workspace members, workspace settings and your account."
            : "Workspace members and your account. Only workspace admins can change members and workspace settings."
        }
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
              agents and job mappings, and viewers can read every page.
              {isAdmin
                ? null
                : " Ask a workspace admin to add, change or remove members."}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-6">
            <MembersTable
              members={members.map(toRow)}
              currentUserId={viewer.userId}
              canManage={isAdmin}
            />
            {isAdmin ? <AddMemberForm /> : null}
          </CardContent>
        </Card>
        {reportLinkDays !== null ? (
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
        ) : null}
        <Card>
          <CardHeader>
            <CardTitle>Your account</CardTitle>
            <CardDescription>{viewer.email}</CardDescription>
          </CardHeader>
          <CardContent>
            {account.hasPassword ? (
              <ChangePasswordForm />
            ) : (
              <p className="text-sm text-muted-foreground">
                Your sign-in is managed by your identity provider, so you change
                your password there.
              </p>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
