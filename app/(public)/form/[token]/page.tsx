import type { Metadata } from "next";

import { getDb } from "@/db";
import { openForm } from "@/lib/channels/form/candidate-form";
import { formatDeadline } from "@/lib/channels/messages";

import { CandidateForm } from "./candidate-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Screening questions",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

function Notice({ title, children }: { title: string; children: string }) {
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-3 text-muted-foreground">{children}</p>
    </main>
  );
}

/** Renders the hosted form a candidate opens from the invitation link. */
export default async function FormPage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  const view = await openForm(await getDb(), token);

  switch (view.state) {
    case "not_found":
      return (
        <Notice title="Link not found">
          This form link does not exist. Check that you opened the whole link
          from your invitation.
        </Notice>
      );
    case "expired":
      return (
        <Notice title="This form has closed">
          {`The deadline for this form has passed. If you are still interested, reply to ${view.workspaceName}'s invitation.`}
        </Notice>
      );
    case "finished":
      return (
        <Notice title="Thank you">
          {`Your answers have been sent to ${view.workspaceName}. We will be in touch about next steps.`}
        </Notice>
      );
  }

  return (
    <main className="mx-auto max-w-xl px-4 py-6 sm:py-10">
      <p className="text-sm text-muted-foreground">{view.workspaceName}</p>
      <h1 className="mt-1 text-2xl font-semibold">{view.jobTitle}</h1>
      <p className="mt-3">
        Hi {view.firstName}, please answer these {view.questions.length}{" "}
        questions. Each answer is saved as you go, so you can come back to this
        link until {formatDeadline(view.expiresAt, view.timeZone)}.
      </p>
      <CandidateForm
        token={token}
        questions={view.questions}
        saved={view.saved}
      />
    </main>
  );
}
