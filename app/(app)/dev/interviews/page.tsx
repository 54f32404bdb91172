import type { Metadata } from "next";
import Link from "next/link";

import { PageHeader } from "@/components/shell/page-header";
import { getDb } from "@/db";
import { listSimulatedInterviews } from "@/lib/channels/dev/dev-queries";
import { requirePageRole } from "@/lib/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Interview simulator (development)",
};

export default async function InterviewsPage() {
  await requirePageRole("viewer");
  const sessions = await listSimulatedInterviews(await getDb());

  return (
    <>
      <PageHeader
        title="Interview simulator"
        description="Voice interviews created while no interview engine is configured. Open one to answer as the candidate."
      />
      {sessions.length === 0 ? (
        <p className="text-muted-foreground">No interviews yet.</p>
      ) : (
        <ul className="space-y-2">
          {sessions.map((session) => (
            <li key={session.sessionId}>
              <Link
                className="underline"
                href={`/dev/interviews/${session.sessionId}`}
              >
                {[session.firstName, session.lastName]
                  .filter(Boolean)
                  .join(" ") || "Candidate"}{" "}
                · {session.jobTitle}
              </Link>{" "}
              <span className="text-sm text-muted-foreground">
                ({session.status})
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
