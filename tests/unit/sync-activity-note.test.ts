import { describe, expect, it } from "vitest";

import type { ScreeningResult } from "@/lib/screening/result";
import {
  composeActivity,
  referenceLine,
  type ActivityInput,
} from "@/lib/sync/activity-note";

const result: ScreeningResult = {
  status: "completed",
  overallScore: 82,
  passingScore: 60,
  passed: true,
  summary: "Scored 82/100 and passed the passing score of 60.",
  highlights: [],
  lowlights: [],
  steps: [],
  transcript: [],
  media: [
    {
      stepId: "voice",
      kind: "audio",
      url: "https://media.example.test/a.mp3",
      label: "Call recording",
    },
    {
      stepId: "voice",
      kind: "video",
      url: "https://media.example.test/v.mp4",
      label: "Video answer",
    },
  ],
  completedAt: "2026-12-04T15:05:00.000Z",
};

const input: ActivityInput = {
  screeningId: "6f1c2d3e-0000-4000-8000-000000000001",
  state: "completed",
  agentName: "Nurse screener",
  jobTitle: "Staff Nurse",
  score: 82,
  summary: result.summary,
  result,
  reportUrl: "https://relay.example.test/report/abc",
  completedAt: new Date("2026-12-04T15:05:00Z"),
  timeZone: "Europe/Berlin",
};

describe("composeActivity", () => {
  it("names the agent and score in the subject", () => {
    const { subject } = composeActivity(input);
    expect(subject).toBe("AI screening by Nurse screener: 82/100, passed");
  });

  it("writes the result lines and the reference last", () => {
    const lines = composeActivity(input).note.split("\n");
    expect(lines).toContain("Overall score: 82/100 (passing score 60)");
    expect(lines).toContain(`Summary: ${result.summary}`);
    expect(lines).toContain(
      "Report (PDF): https://relay.example.test/report/abc",
    );
    expect(lines).toContain(
      "Audio (Call recording): https://media.example.test/a.mp3",
    );
    expect(lines).toContain(
      "Video (Video answer): https://media.example.test/v.mp4",
    );
    // 15:05 UTC is 16:05 in Berlin in December.
    expect(lines).toContain("Completed: 2026-12-04 16:05 (Europe/Berlin)");
    expect(lines.at(-1)).toBe(referenceLine(input.screeningId));
  });

  it("says knocked out without a score", () => {
    const { subject, note } = composeActivity({
      ...input,
      state: "knocked_out",
      score: 0,
    });
    expect(subject).toBe("AI screening by Nurse screener: knocked out");
    expect(note).toContain("Outcome: Knocked out");
  });

  it("says not scored for a missing score", () => {
    const { subject, note } = composeActivity({
      ...input,
      score: null,
      result: null,
    });
    expect(subject).toBe("AI screening by Nurse screener: not scored");
    expect(note).toContain("Overall score: none");
  });
});
