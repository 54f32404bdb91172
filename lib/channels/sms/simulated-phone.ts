import { outboxMessages } from "@/db/schema";
import { getLogger } from "@/lib/logger";

import type { SmsProvider } from "./sms-provider";

/** Development sender for the app's texts, shown in the simulated phone. */
export const SIMULATED_FROM = "+15550000000";

const log = getLogger("channels:simulated-phone");

/** Keeps each text in the outbox table, where /dev/phone shows it. */
export function createSimulatedPhone(): SmsProvider {
  return {
    kind: "simulated",
    async send({ to, body }, db) {
      const [row] = await db
        .insert(outboxMessages)
        .values({
          channel: "sms",
          direction: "outbound",
          toAddress: to,
          fromAddress: SIMULATED_FROM,
          body,
        })
        .returning({ id: outboxMessages.id });
      log.info({ outboxId: row!.id }, "SMS stored for the simulated phone");
      return { messageId: row!.id };
    },
  };
}
