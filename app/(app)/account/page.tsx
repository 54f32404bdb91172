import type { Metadata } from "next";

import { ChangePasswordForm } from "@/components/settings/change-password-form";
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
import { requirePageRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const viewer = await requirePageRole("viewer");
  const account = await getAccountSummary(await getDb(), viewer.userId);

  return (
    <>
      <PageHeader
        title="Your account"
        description="Your role in this workspace and your password."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Workspace</CardTitle>
            <CardDescription>{viewer.workspaceName}</CardDescription>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            Signed in as {viewer.email} with the {viewer.role} role. A workspace
            admin can change your role under Settings.
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Password</CardTitle>
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
