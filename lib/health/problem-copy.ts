import type { ProblemKind } from "@/db/schema";

/**
 * Wording of each problem on the page and in alert mails: its title, its
 * effect, and the admin's next step while it lasts.
 */

export type ProblemCopy = {
  title: string;
  // The effect on the product while the problem is open.
  impact: string;
  action: string;
};

export const PROBLEM_COPY: Record<ProblemKind, ProblemCopy> = {
  token_rejected: {
    title: "Tracker rejected the access token",
    impact:
      "Polls, screenings and write-backs are paused. Nothing is lost: " +
      "they resume where they stopped once a working token is saved.",
    action:
      "Generate a new access token in Tracker (Tools & Settings, Security " +
      "Settings, API) and save it on the Integrations page.",
  },
  rate_limited: {
    title: "Tracker's request limit was reached",
    impact:
      "Syncs slow down: runs stop early and continue on the next poll, so " +
      "candidates may be pulled a few minutes late.",
    action:
      "Nothing is needed if it passes. If it lasts, map fewer jobs or ask " +
      "Tracker support for a higher API limit.",
  },
  job_unavailable: {
    title: "A mapped job is closed or missing in Tracker",
    impact: "No new candidates are pulled for this job.",
    action:
      "Reopen the job in Tracker, or remove its mapping on the agent's page " +
      "if the job is finished.",
  },
  stage_deleted: {
    title: "A mapped trigger stage was deleted in Tracker",
    impact: "Candidates can no longer enter the stage, so none are pulled.",
    action:
      "Pick a new trigger stage for the job on the agent's page, or restore " +
      "the stage in Tracker.",
  },
  write_backs_failing: {
    title: "Write-backs to Tracker keep failing",
    impact:
      "Screening results are kept here but do not reach the candidates' " +
      "records in Tracker.",
    action:
      "Open the failed write-back run in Sync history to see the reason, fix " +
      "it, then retry the write-backs from there.",
  },
};

// Only problems that stop the product from doing its job send mail; the
// others are shown on the page and in the sidebar.
export const ALERTING_KINDS: readonly ProblemKind[] = [
  "token_rejected",
  "write_backs_failing",
];
