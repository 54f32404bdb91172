import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { SignInForm } from "@/components/auth/sign-in-form";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { auth, signIn } from "@/lib/auth";
import { getViewer } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const session = await auth();
  if (session?.user) {
    redirect((await getViewer()) ? "/integrations" : "/no-workspace");
  }

  const { callbackUrl } = await searchParams;
  const env = getEnv();

  return (
    <main className="flex min-h-screen items-center justify-center bg-muted p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <h1>Sign in to Tracker Relay</h1>
          </CardTitle>
          <CardDescription>
            Use the email and password of your workspace account.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <SignInForm callbackUrl={callbackUrl} />
          {env.oidcEnabled ? (
            <form
              action={async () => {
                "use server";
                await signIn("oidc", { redirectTo: "/integrations" });
              }}
            >
              <button
                type="submit"
                className="w-full rounded-md border px-4 py-2 text-sm font-medium hover:bg-accent"
              >
                Continue with {env.OIDC_DISPLAY_NAME}
              </button>
            </form>
          ) : null}
        </CardContent>
      </Card>
    </main>
  );
}
