import type { Metadata } from "next";
import Link from "next/link";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { requirePageRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Not allowed" };

export default async function ForbiddenPage({
  searchParams,
}: {
  searchParams: Promise<{ needs?: string }>;
}) {
  const viewer = await requirePageRole("viewer");
  const { needs } = await searchParams;
  const required = needs === "recruiter" ? "a recruiter" : "an admin";
  return (
    <Alert variant="destructive" className="max-w-xl">
      <AlertTitle>You do not have access to that page</AlertTitle>
      <AlertDescription>
        <p>
          That page needs {required} of {viewer.workspaceName}; your role is{" "}
          {viewer.role}. Ask a workspace admin to change your role.
        </p>
        <p className="mt-2">
          <Link href="/integrations" className="underline">
            Back to Integrations
          </Link>
        </p>
      </AlertDescription>
    </Alert>
  );
}
