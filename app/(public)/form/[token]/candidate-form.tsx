"use client";

import { useRef, useState, useTransition } from "react";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import {
  answerSchema,
  formSchema,
  MAX_TEXT_ANSWER,
  type FormQuestion,
} from "@/lib/channels/form/form-schema";

import { saveFormAnswerAction, submitFormAction } from "./actions";

type SaveState = "idle" | "saving" | "saved" | "failed";

/**
 * Renders all questions on one page and saves each when the candidate
 * leaves it (or picks an option), so a dropped connection or a closed tab
 * loses nothing.
 */
export function CandidateForm({
  token,
  questions,
  saved,
}: {
  token: string;
  questions: FormQuestion[];
  saved: Record<string, string>;
}) {
  const [values, setValues] = useState<Record<string, string>>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveStates, setSaveStates] = useState<Record<string, SaveState>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [pending, startTransition] = useTransition();
  const summaryRef = useRef<HTMLDivElement>(null);

  async function save(question: FormQuestion, value: string) {
    const parsed = answerSchema(question).safeParse(value);
    if (!parsed.success) {
      // An empty field is not an error until the candidate submits.
      if (value.trim() !== "") {
        setErrors((old) => ({
          ...old,
          [question.id]: parsed.error.issues[0]!.message,
        }));
      }
      return;
    }
    setErrors((old) => ({ ...old, [question.id]: "" }));
    setSaveStates((old) => ({ ...old, [question.id]: "saving" }));
    const result = await saveFormAnswerAction({
      token,
      questionId: question.id,
      value,
    });
    setSaveStates((old) => ({
      ...old,
      [question.id]: result.ok ? "saved" : "failed",
    }));
    if (!result.ok && result.formError) setFormError(result.formError);
  }

  function change(question: FormQuestion, value: string, saveNow: boolean) {
    setValues((old) => ({ ...old, [question.id]: value }));
    setSaveStates((old) => ({ ...old, [question.id]: "idle" }));
    if (saveNow) void save(question, value);
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    const parsed = formSchema(questions).safeParse(values);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const id = String(issue.path[0]);
        next[id] ??= issue.message;
      }
      setErrors(next);
      summaryRef.current?.focus();
      return;
    }
    setErrors({});
    startTransition(async () => {
      const result = await submitFormAction({ token, answers: values });
      if (result.ok) {
        setSubmitted(true);
        return;
      }
      setErrors(result.fieldErrors ?? {});
      setFormError(result.formError ?? null);
      summaryRef.current?.focus();
    });
  }

  if (submitted) {
    return (
      <div role="status" className="mt-8">
        <h2 className="text-xl font-semibold">Thank you</h2>
        <p className="mt-2">
          Your answers have been sent. We will be in touch about next steps.
        </p>
      </div>
    );
  }

  const invalid = questions.filter((question) => errors[question.id]);
  return (
    <form onSubmit={submit} noValidate className="mt-6 space-y-8">
      <div ref={summaryRef} tabIndex={-1} className="outline-none">
        {(invalid.length > 0 || formError) && (
          <Alert variant="destructive">
            <AlertDescription>
              {formError ?? "Some answers need attention:"}
              {invalid.length > 0 && (
                <ul className="mt-2 list-disc pl-5">
                  {invalid.map((question) => (
                    <li key={question.id}>
                      <a className="underline" href={`#q-${question.id}`}>
                        {question.prompt}: {errors[question.id]}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </AlertDescription>
          </Alert>
        )}
      </div>

      {questions.map((question, index) => (
        <QuestionField
          key={question.id}
          question={question}
          number={index + 1}
          total={questions.length}
          value={values[question.id] ?? ""}
          error={errors[question.id]}
          saveState={saveStates[question.id] ?? "idle"}
          onChange={(value, saveNow) => change(question, value, saveNow)}
          onBlur={() => void save(question, values[question.id] ?? "")}
        />
      ))}

      <Button type="submit" size="lg" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Send answers"}
      </Button>
    </form>
  );
}

function QuestionField({
  question,
  number,
  total,
  value,
  error,
  saveState,
  onChange,
  onBlur,
}: {
  question: FormQuestion;
  number: number;
  total: number;
  value: string;
  error?: string;
  saveState: SaveState;
  onChange: (value: string, saveNow: boolean) => void;
  onBlur: () => void;
}) {
  const id = `q-${question.id}`;
  const errorId = `${id}-error`;
  const statusId = `${id}-status`;
  const describedBy = [error ? errorId : null, statusId]
    .filter(Boolean)
    .join(" ");
  const label = (
    <>
      <span className="block text-sm text-muted-foreground">
        Question {number} of {total}
      </span>
      <span className="block text-base font-medium">{question.prompt}</span>
    </>
  );
  const status = (
    <p
      id={statusId}
      aria-live="polite"
      // A fixed line height, so "Saving…" appearing on blur does not move
      // the submit button away from a tap that is landing on it.
      className="min-h-5 text-sm text-muted-foreground"
    >
      {saveState === "saving" && "Saving…"}
      {saveState === "saved" && "Saved"}
      {saveState === "failed" && "Not saved yet; it is sent when you submit."}
    </p>
  );
  const errorText = error ? (
    <p id={errorId} className="text-sm text-destructive">
      {error}
    </p>
  ) : null;

  if (question.type === "yes_no" || question.type === "choice") {
    const options =
      question.type === "yes_no"
        ? [
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ]
        : question.options.map((option) => ({ value: option, label: option }));
    return (
      <fieldset
        id={id}
        tabIndex={-1}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="space-y-3"
      >
        <legend className="mb-2">{label}</legend>
        {options.map((option) => (
          <label
            key={option.value}
            className="flex min-h-12 cursor-pointer items-center gap-3 rounded-md border px-4 py-3 has-[:checked]:border-primary has-[:focus-visible]:ring-2"
          >
            <input
              type="radio"
              name={id}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value, true)}
              className="size-5"
            />
            <span>{option.label}</span>
          </label>
        ))}
        {errorText}
        {status}
      </fieldset>
    );
  }

  const inputId = `${id}-input`;
  return (
    <div id={id} className="space-y-2">
      <label htmlFor={inputId}>{label}</label>
      {question.type === "number" ? (
        <Input
          id={inputId}
          inputMode="decimal"
          autoComplete="off"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value, false)}
          onBlur={onBlur}
          className="h-12 text-base"
        />
      ) : (
        <Textarea
          id={inputId}
          rows={4}
          maxLength={MAX_TEXT_ANSWER}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value, false)}
          onBlur={onBlur}
          className="text-base"
        />
      )}
      {errorText}
      {status}
    </div>
  );
}
