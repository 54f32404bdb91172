"use server";

import { ActionError, createAction } from "@/lib/actions/safe-action";
import {
  completeSimulatedInterview,
  replyFromSimulatedPhone,
} from "@/lib/channels/dev/simulate";
import {
  interviewAnswersSchema,
  phoneReplySchema,
} from "@/lib/channels/dev/dev-schemas";
import { getEnv } from "@/lib/env";

/** Server actions of the development pages; refused when they are off. */

function requireDevTools() {
  if (!getEnv().devToolsEnabled) {
    throw new ActionError("Development tools are turned off on this server.");
  }
}

export const sendPhoneReply = createAction(
  { name: "dev-phone-reply", role: "recruiter", schema: phoneReplySchema },
  async (input, { db }) => {
    requireDevTools();
    return replyFromSimulatedPhone(db, input.phone, input.body);
  },
);

export const completeInterview = createAction(
  {
    name: "dev-complete-interview",
    role: "recruiter",
    schema: interviewAnswersSchema,
  },
  async (input, { db }) => {
    requireDevTools();
    const status = await completeSimulatedInterview(
      db,
      input.sessionId,
      input.answers,
    );
    if (status !== 200) {
      throw new ActionError(
        `The interview webhook returned HTTP ${status}; see the server log.`,
      );
    }
    return { status };
  },
);
