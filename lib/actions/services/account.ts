import { eq } from "drizzle-orm";

import type { Db } from "@/db";
import { users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import {
  clearFailures,
  lockedUntil,
  recordFailure,
  throttleKeys,
} from "@/lib/auth/throttle";
import { getLogger } from "@/lib/logger";
import {
  changePasswordSchema,
  type ChangePasswordInput,
} from "@/lib/validations/member";

import { ActionError } from "../action-error";

const log = getLogger("account");

/** Account facts the "Your account" card shows for the signed-in user. */
export type AccountSummary = { hasPassword: boolean };

export async function getAccountSummary(
  db: Db,
  userId: string,
): Promise<AccountSummary> {
  const [row] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  return { hasPassword: !!row?.passwordHash };
}

/**
 * Replaces the user's password after checking the current one. A wrong
 * current password counts as a failed sign-in for the user's email, so
 * the sign-in lock also stops guessing through this form.
 */
export async function changeOwnPassword(
  db: Db,
  userId: string,
  input: ChangePasswordInput,
  now = new Date(),
): Promise<void> {
  const values = changePasswordSchema.parse(input);
  const [user] = await db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) {
    throw new ActionError("Your account was not found; sign in again.");
  }
  if (!user.passwordHash) {
    throw new ActionError(
      "Your sign-in is managed by your identity provider; change your " +
        "password there.",
    );
  }

  const keys = throttleKeys(user.email, undefined);
  const until = await lockedUntil(db, keys, now);
  if (until) {
    const minutes = Math.ceil((until.getTime() - now.getTime()) / 60_000);
    throw new ActionError(
      "Too many wrong passwords for this account; try again in " +
        `${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }

  if (!(await verifyPassword(values.currentPassword, user.passwordHash))) {
    await recordFailure(db, keys, now);
    log.info({ userId }, "password change rejected: wrong current password");
    throw new ActionError("Your current password is wrong.", {
      currentPassword: [
        "This is not your current password; enter the one you signed in with.",
      ],
    });
  }

  const passwordHash = await hashPassword(values.newPassword);
  await db
    .update(users)
    .set({ passwordHash, updatedAt: new Date() })
    .where(eq(users.id, userId));
  await clearFailures(db, user.email);
  // NOTE: sessions are JWTs, so other signed-in browsers stay signed in
  // until their token expires; only new sign-ins need the new password.
  log.info({ userId }, "password changed");
}
