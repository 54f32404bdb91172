import { eq } from "drizzle-orm";

import { smsOptOuts } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import type { DbOrTx } from "@/lib/sync/db-types";

import { getSmsProvider } from "./get-sms-provider";

const log = getLogger("channels:sms");

export async function isOptedOut(db: DbOrTx, phone: string) {
  const rows = await db
    .select({ phone: smsOptOuts.phone })
    .from(smsOptOuts)
    .where(eq(smsOptOuts.phone, phone));
  return rows.length > 0;
}

/**
 * Sends a text unless the number replied STOP. Returns false when the
 * number opted out; provider failures are thrown.
 */
export async function sendSms(
  db: DbOrTx,
  phone: string,
  body: string,
): Promise<boolean> {
  if (await isOptedOut(db, phone)) {
    log.info("SMS skipped: the number opted out with STOP");
    return false;
  }
  await getSmsProvider().send({ to: phone, body }, db);
  return true;
}

/**
 * Sends a text that backs up an email already sent: a provider failure is
 * logged and returns false instead of failing the whole invitation, which
 * would send the email again on retry.
 */
export async function sendBackupSms(
  db: DbOrTx,
  phone: string,
  body: string,
  ids: { invitationId: string },
): Promise<boolean> {
  try {
    return await sendSms(db, phone, body);
  } catch (error) {
    log.error(
      { err: error, invitationId: ids.invitationId },
      "backup SMS failed; the email invitation stands",
    );
    return false;
  }
}
