"use server";

import { changePasswordSchema } from "@/lib/validations/member";

import { createAction } from "./safe-action";
import { changeOwnPassword } from "./services/account";

/** Changes the signed-in user's own password; any role may. */
export const changePassword = createAction(
  { name: "change-password", role: "viewer", schema: changePasswordSchema },
  async (input, { viewer, db }) => {
    await changeOwnPassword(db, viewer.userId, input);
    return null;
  },
);
