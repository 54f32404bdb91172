/**
 * Turns a stored error message into a plain reason and the next step for
 * the person reading it. The messages come from the Tracker client's typed
 * errors (lib/tracker/errors.ts), which name the operation and the HTTP
 * status, so matching on those words is stable.
 */

export type FailureExplanation = {
  reason: string;
  action: string;
  // Whether a retry alone can fix it, as opposed to a change elsewhere.
  retryable: boolean;
};

type Rule = {
  test: RegExp;
  explanation: FailureExplanation;
};

const RULES: Rule[] = [
  {
    // A batch run's own summary, such as "1 of 2 write-backs failed".
    test: /^\d+ of \d+ [\w -]+ failed/i,
    explanation: {
      reason: "Some items in this run failed, and the others went through.",
      action:
        "Each failed candidate below shows its own reason and what to do " +
        "about it.",
      retryable: false,
    },
  },
  {
    test: /access token no longer valid|HTTP 401|HTTP 403/i,
    explanation: {
      reason:
        "Tracker rejected the access token, so nothing can be read or written.",
      action:
        "An admin generates a new token in Tracker (Tools & Settings, " +
        "Security Settings, API) and saves it on the Integrations page. " +
        "Paused work resumes by itself; then retry this write-back.",
      retryable: false,
    },
  },
  {
    test: /rate limit|HTTP 429/i,
    explanation: {
      reason:
        "Tracker's request limit was reached, so Tracker Relay backed off.",
      action:
        "Nothing to change: the next run continues once the limit frees " +
        "up. If it happens every run, lower the number of mapped jobs or " +
        "ask Tracker for a higher limit.",
      retryable: true,
    },
  },
  {
    test: /not found|HTTP 404/i,
    explanation: {
      reason:
        "A record Tracker Relay needs is gone from Tracker: the candidate, " +
        "the placement or the job was deleted or merged.",
      action:
        "Check the candidate and the job in Tracker. Retry once the record " +
        "exists again; otherwise no further action is possible.",
      retryable: false,
    },
  },
  {
    test: /HTTP 5\d\d|timed out|timeout|ECONNRESET|ECONNREFUSED|unavailable|could not be reached/i,
    explanation: {
      reason: "Tracker could not be reached or returned a server error.",
      action:
        "Usually temporary: Tracker Relay retries by itself. Retry now if " +
        "Tracker is back; check Tracker's status if it keeps failing.",
      retryable: true,
    },
  },
  {
    test: /invalid response/i,
    explanation: {
      reason: "Tracker returned a reply Tracker Relay could not read.",
      action:
        "Retry once. If it fails again, send the run's id to support so " +
        "the reply can be examined.",
      retryable: true,
    },
  },
  {
    test: /HTTP 400|HTTP 422|validation/i,
    explanation: {
      reason:
        "Tracker rejected the data sent, for example a field it requires.",
      action:
        "Check the job mapping and the candidate's record in Tracker, then " +
        "retry. If it fails again, send the run's id to support.",
      retryable: false,
    },
  },
];

const FALLBACK: FailureExplanation = {
  reason: "An unexpected error stopped this step.",
  action:
    "Retry once. If it fails again, send the run's id and the error below " +
    "to support.",
  retryable: true,
};

/** Explains an error message. An empty message gets the general advice. */
export function explainFailure(
  message: string | null | undefined,
): FailureExplanation {
  if (!message) return FALLBACK;
  const rule = RULES.find((candidate) => candidate.test.test(message));
  return rule?.explanation ?? FALLBACK;
}
