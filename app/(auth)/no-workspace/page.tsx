import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { Button } from "@/components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { auth, signOut } from "@/lib/auth";
import { getViewer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "No workspace" };

/**
 * Shown to a signed-in user who belongs to no workspace, for example a
 * member an admin removed, or a first OIDC sign-in nobody has added yet.
 */
export default async function NoWorkspacePage() {
  const session = await auth();
  if (!session?.user) redirect("/sign-in");
  if (await getViewer()) redirect("/integrations");

  return (
    <main className="flex min-h-screen items-center justify-center bg-muted p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <h1>No workspace yet</h1>
          </CardTitle>
          <CardDescription>
            You are signed in as {session.user.email ?? "this account"}, but you
            are not a member of any Tracker Relay workspace.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4 text-sm">
          <p>
            Ask a workspace admin to add your email under Settings, Members,
            then sign in again.
          </p>
          <form
            action={async () => {
              "use server";
              await signOut({ redirectTo: "/sign-in" });
            }}
          >
            <Button type="submit" variant="outline" className="w-full">
              Sign out
            </Button>
          </form>
        </CardContent>
      </Card>
    </main>
  );
}
