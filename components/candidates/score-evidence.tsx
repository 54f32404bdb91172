import { Check, X } from "lucide-react";

import type { ScreeningResult, StepResult } from "@/lib/screening/result";

const STEP_NAMES: Record<StepResult["kind"], string> = {
  resume: "Resume",
  form: "Form",
  sms: "SMS",
  voice: "Voice",
};

/** Shows the basis of the score: each step's criteria and responses. */
export function ScoreEvidence({ result }: { result: ScreeningResult }) {
  return (
    <div className="space-y-6">
      <div className="text-sm">
        <p>
          Overall score{" "}
          <strong>
            {result.overallScore === null
              ? "none"
              : Math.round(result.overallScore)}
          </strong>{" "}
          against a passing score of {result.passingScore}:{" "}
          <strong>{result.passed ? "passed" : "did not pass"}</strong>.
        </p>
        {result.summary ? <p className="mt-1">{result.summary}</p> : null}
        <HighlightLists
          highlights={result.highlights}
          lowlights={result.lowlights}
        />
      </div>
      {result.steps.map((step) => (
        <StepEvidence key={step.stepId} step={step} />
      ))}
    </div>
  );
}

function HighlightLists({
  highlights,
  lowlights,
}: {
  highlights: string[];
  lowlights: string[];
}) {
  if (highlights.length === 0 && lowlights.length === 0) return null;
  return (
    <div className="mt-2 grid gap-2 text-sm sm:grid-cols-2">
      {highlights.length > 0 ? (
        <div>
          <p className="font-medium">Strengths</p>
          <ul className="list-disc pl-5">
            {highlights.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {lowlights.length > 0 ? (
        <div>
          <p className="font-medium">Concerns</p>
          <ul className="list-disc pl-5">
            {lowlights.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function Met({ met, label }: { met: boolean; label: string }) {
  const Icon = met ? Check : X;
  return (
    <span className={met ? "text-emerald-800" : "text-red-800"}>
      <Icon aria-hidden className="inline size-4" /> {label}
    </span>
  );
}

function StepEvidence({ step }: { step: StepResult }) {
  return (
    <section
      aria-label={`Step ${step.kind}`}
      className="space-y-2 rounded-lg border p-4"
    >
      <h3 className="text-sm font-semibold">
        {STEP_NAMES[step.kind]} step: {step.status.replace(/_/g, " ")}
        {step.score === null ? "" : `, score ${Math.round(step.score)}`}
      </h3>
      {step.reason ? <p className="text-sm">{step.reason}</p> : null}
      <HighlightLists highlights={step.highlights} lowlights={step.lowlights} />
      {step.criteria.length > 0 ? (
        <ul className="space-y-3 text-sm">
          {step.criteria.map((criterion) => (
            <li key={criterion.criterionId}>
              <p className="font-medium">
                {criterion.name}: {Math.round(criterion.score)} (weight{" "}
                {criterion.weight}){" "}
                <Met
                  met={criterion.met}
                  label={criterion.met ? "met" : "not met"}
                />
                {criterion.dealbreaker ? " · dealbreaker" : ""}
              </p>
              {criterion.minYears !== null ? (
                <p className="text-muted-foreground">
                  {criterion.years
                    ? `${criterion.years} years found, ${criterion.minYears} required`
                    : `${criterion.minYears} years required; no dated role or stated years mention it`}
                </p>
              ) : null}
              {criterion.matchedKeywords.length > 0 ? (
                <p className="text-muted-foreground">
                  Found: {criterion.matchedKeywords.join(", ")}
                </p>
              ) : null}
              {criterion.missingKeywords.length > 0 ? (
                <p className="text-muted-foreground">
                  Missing: {criterion.missingKeywords.join(", ")}
                </p>
              ) : null}
              {criterion.evidence.length > 0 ? (
                <blockquote className="mt-1 border-l-2 pl-3 italic">
                  {criterion.evidence.map((line) => (
                    <p key={line}>{line}</p>
                  ))}
                </blockquote>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {step.answers.length > 0 ? (
        <ul className="space-y-2 text-sm">
          {step.answers.map((answer) => (
            <li key={answer.questionId}>
              <p className="font-medium">{answer.prompt}</p>
              <p>
                Answer: {answer.answer ?? "no answer"} ·{" "}
                <Met
                  met={answer.accepted}
                  label={answer.accepted ? "accepted" : "not accepted"}
                />{" "}
                · score {Math.round(answer.score)}
              </p>
              {answer.note ? (
                <p className="text-muted-foreground">{answer.note}</p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {step.transcript.length > 0 ? (
        <details className="text-sm">
          <summary className="cursor-pointer">Transcript</summary>
          <ol className="mt-2 space-y-1">
            {step.transcript.map((turn, index) => (
              <li key={index}>
                <span className="font-medium">
                  {turn.speaker === "agent" ? "Agent" : "Candidate"}:
                </span>{" "}
                {turn.text}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
