import type { ScreeningState } from "@/db/schema";
import type { ScreeningResult } from "@/lib/screening/result";
import { utcToLocal } from "@/lib/tracker/local-time";

/**
 * Builds the Activity written to the candidate in Tracker. The last line
 * carries the screening id. After a lost reply the write-back searches the
 * candidate's activities for that line before posting again, so the line
 * must stay unique and unchanged.
 */

export const REFERENCE_PREFIX = "Tracker Relay ref:";

export function referenceLine(screeningId: string): string {
  return `${REFERENCE_PREFIX} ${screeningId}`;
}

export type ActivityInput = {
  screeningId: string;
  state: ScreeningState;
  agentName: string;
  jobTitle: string;
  score: number | null;
  summary: string | null;
  result: ScreeningResult | null;
  reportUrl: string;
  completedAt: Date;
  /** IANA zone of the Tracker database; times are written in it. */
  timeZone: string;
};

const OUTCOME_LABELS: Partial<Record<ScreeningState, string>> = {
  completed: "Completed",
  knocked_out: "Knocked out",
  expired: "Expired",
  failed: "Failed",
};

function formatScore(score: number): string {
  return `${Math.round(score)}/100`;
}

function verdictOf(input: ActivityInput): string {
  if (input.state === "knocked_out") return "knocked out";
  if (input.state === "expired") return "expired";
  if (input.score === null) return "not scored";
  const passed = input.result?.passed;
  const score = formatScore(input.score);
  if (passed === undefined) return score;
  return `${score}, ${passed ? "passed" : "did not pass"}`;
}

export function composeActivity(input: ActivityInput): {
  subject: string;
  note: string;
} {
  const subject = `AI screening by ${input.agentName}: ${verdictOf(input)}`;

  const lines = [
    `Agent: ${input.agentName}`,
    `Job: ${input.jobTitle}`,
    `Outcome: ${OUTCOME_LABELS[input.state] ?? input.state}`,
  ];
  if (input.score !== null) {
    const passing = input.result
      ? ` (passing score ${input.result.passingScore})`
      : "";
    lines.push(`Overall score: ${formatScore(input.score)}${passing}`);
  } else {
    lines.push("Overall score: none");
  }
  if (input.summary) lines.push(`Summary: ${shorten(input.summary, 600)}`);
  lines.push(`Report (PDF): ${input.reportUrl}`);

  for (const media of input.result?.media ?? []) {
    if (media.kind === "document") continue;
    const kind = media.kind === "audio" ? "Audio" : "Video";
    lines.push(`${kind} (${media.label}): ${media.url}`);
  }

  const local = utcToLocal(input.completedAt, input.timeZone);
  lines.push(`Completed: ${local.slice(0, 16)} (${input.timeZone})`);
  lines.push(referenceLine(input.screeningId));
  return { subject, note: lines.join("\n") };
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Returns the attached PDF's file name, unique per screening for the same reason. */
export function reportFilename(screeningId: string): string {
  return `screening-report-${screeningId}.pdf`;
}
