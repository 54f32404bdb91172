import nodemailer from "nodemailer";

import { outboxMessages } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import type { DbOrTx } from "@/lib/sync/db-types";

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
};

export type MailReceipt = { transport: "smtp" | "outbox"; messageId: string };

export interface MailTransport {
  readonly kind: "smtp" | "outbox";
  // The outbox writes through `db`, so callers in a transaction or a
  // script with its own database keep the message there.
  send(message: MailMessage, db: DbOrTx): Promise<MailReceipt>;
}

const log = getLogger("channels:mail");

/** Sends through the SMTP server in SMTP_URL. */
export function createSmtpTransport(smtpUrl: string, from: string) {
  const transporter = nodemailer.createTransport(smtpUrl);
  const transport: MailTransport = {
    kind: "smtp",
    async send(message) {
      const info = await transporter.sendMail({ from, ...message });
      log.info({ messageId: info.messageId }, "email sent over SMTP");
      return { transport: "smtp", messageId: info.messageId };
    },
  };
  return transport;
}

/** Keeps each email in the outbox table for the /dev/outbox page. */
export function createOutboxMailTransport(from: string): MailTransport {
  return {
    kind: "outbox",
    async send(message, db) {
      const [row] = await db
        .insert(outboxMessages)
        .values({
          channel: "email",
          toAddress: message.to,
          fromAddress: from,
          subject: message.subject,
          body: message.text,
          html: message.html ?? null,
        })
        .returning({ id: outboxMessages.id });
      log.info({ outboxId: row!.id }, "email stored in the dev outbox");
      return { transport: "outbox", messageId: row!.id };
    },
  };
}

let cached: MailTransport | undefined;

/** SMTP when SMTP_URL is set, otherwise the development outbox. */
export function getMailTransport(): MailTransport {
  if (cached) return cached;
  const env = getEnv();
  cached = env.SMTP_URL
    ? createSmtpTransport(env.SMTP_URL, env.MAIL_FROM)
    : createOutboxMailTransport(env.MAIL_FROM);
  return cached;
}
