import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { PageHeader } from "@/components/shell/page-header";
import { getDb } from "@/db";
import { loadSimulatedInterview } from "@/lib/channels/dev/dev-queries";
import { requirePageRole } from "@/lib/auth/session";

import { InterviewSimulatorForm } from "./interview-simulator-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Interview (development)" };

export default async function InterviewSimulatorPage({
  params,
}: {
  params: Promise<{ sessionId: string }>;
}) {
  await requirePageRole("viewer");
  const { sessionId } = await params;
  const interview = await loadSimulatedInterview(await getDb(), sessionId);
  if (!interview) notFound();

  return (
    <>
      <PageHeader
        title={`Interview with ${interview.candidateName}`}
        description={`${interview.jobTitle}. Answer as the candidate would speak; completing posts a signed webhook like an engine.`}
      />
      {interview.status !== "created" ? (
        <p>This interview is {interview.status}.</p>
      ) : (
        <InterviewSimulatorForm
          sessionId={interview.sessionId}
          questions={interview.questions}
        />
      )}
    </>
  );
}
