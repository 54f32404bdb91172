import type { Db } from "@/db";
import {
  createDemoFormWorkflow,
  createDemoScreening,
} from "@/lib/channels/dev/demo-screening";
import { startDemoScreening } from "@/lib/channels/dev/start-demo-screening";
import { DEFAULT_REMINDERS, type Workflow } from "@/lib/screening/workflow";

/** The candidate whose form invitation waits in the outbox. */
export const CHANNELS_CANDIDATE = {
  firstName: "Casey",
  lastName: "Candidate",
  email: "casey.candidate@example.test",
  mobilePhone: null,
};

// 64 hex characters, the shape of the tokens the database generates.
export const CHANNELS_REPORT_TOKEN = "e2e0".repeat(16);

/** The candidate texted by the SMS step, on the simulated phone. */
export const SMS_CANDIDATE = {
  firstName: "Sol",
  lastName: "Texter",
  email: null,
  mobilePhone: "+15550100200",
};

/** The candidate invited to a voice interview on the simulator. */
export const VOICE_CANDIDATE = {
  firstName: "Val",
  lastName: "Voice",
  email: "val.voice@example.test",
  mobilePhone: null,
};

const SMS_WORKFLOW: Workflow = {
  steps: [
    {
      id: "sms",
      kind: "sms",
      weight: 1,
      reminders: { ...DEFAULT_REMINDERS },
      questions: [
        {
          id: "license",
          type: "yes_no",
          prompt: "Do you hold a forklift license?",
          expected: "yes",
          weight: 1,
          dealbreaker: true,
        },
        {
          id: "years",
          type: "number",
          prompt: "How many years have you driven forklifts?",
          min: 1,
          weight: 1,
          dealbreaker: false,
        },
      ],
    },
  ],
  passingScore: 50,
  deadlineHours: 48,
};

const VOICE_WORKFLOW: Workflow = {
  steps: [
    {
      id: "voice",
      kind: "voice",
      weight: 1,
      questions: [
        {
          id: "relocate",
          type: "yes_no",
          prompt: "Are you willing to relocate to Denver?",
          expected: "yes",
          weight: 1,
          dealbreaker: true,
        },
      ],
    },
  ],
  passingScore: 50,
  deadlineHours: 48,
};

/**
 * Seeds three screenings in the invited state, each in its own workspace:
 * a form invitation emailed to the development outbox, an SMS
 * conversation on the simulated phone and a simulated voice interview.
 */
export async function seedChannels(db: Db) {
  const seeds = [
    {
      workflow: createDemoFormWorkflow(),
      candidate: CHANNELS_CANDIDATE,
      workspaceSlug: "channels-e2e",
      reportToken: CHANNELS_REPORT_TOKEN,
    },
    {
      workflow: SMS_WORKFLOW,
      candidate: SMS_CANDIDATE,
      workspaceSlug: "channels-sms-e2e",
    },
    {
      workflow: VOICE_WORKFLOW,
      candidate: VOICE_CANDIDATE,
      workspaceSlug: "channels-voice-e2e",
    },
  ];
  for (const seed of seeds) {
    const demo = await createDemoScreening(db, seed);
    const outcome = await startDemoScreening(db, demo.screeningId);
    if (outcome !== "invited") {
      throw new Error(
        `The channels seed for ${seed.workspaceSlug} expected "invited", got "${outcome}".`,
      );
    }
  }
}
