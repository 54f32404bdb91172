"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { interviewAnswersSchema } from "@/lib/channels/dev/dev-schemas";

import { completeInterview } from "../../actions";

const SAMPLE_ANSWERS: Record<string, string> = {
  yes_no: "Yes, I am.",
  number: "About 5 years.",
  choice: "1",
  text: "I have worked with customers on hard problems for several years.",
};

export function InterviewSimulatorForm({
  sessionId,
  questions,
}: {
  sessionId: string;
  questions: { id: string; prompt: string; type: string }[];
}) {
  const router = useRouter();
  const [answers, setAnswers] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      questions.map((question) => [
        question.id,
        SAMPLE_ANSWERS[question.type] ?? "",
      ]),
    ),
  );
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = interviewAnswersSchema.safeParse({ sessionId, answers });
    if (!parsed.success) {
      setError(parsed.error.issues[0]!.message);
      return;
    }
    startTransition(async () => {
      const result = await completeInterview(parsed.data);
      if (!result.ok) {
        setError(result.formError ?? "The interview could not be completed.");
        return;
      }
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="max-w-xl space-y-6" noValidate>
      {questions.map((question, index) => (
        <div key={question.id} className="space-y-2">
          <label
            htmlFor={`answer-${question.id}`}
            className="block font-medium"
          >
            {index + 1}. {question.prompt}
          </label>
          <Textarea
            id={`answer-${question.id}`}
            rows={3}
            value={answers[question.id] ?? ""}
            onChange={(event) =>
              setAnswers((old) => ({
                ...old,
                [question.id]: event.target.value,
              }))
            }
          />
        </div>
      ))}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Completing…" : "Complete interview"}
      </Button>
    </form>
  );
}
