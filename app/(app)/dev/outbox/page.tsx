import type { Metadata } from "next";

import { PageHeader } from "@/components/shell/page-header";
import { getDb } from "@/db";
import { listOutbox } from "@/lib/channels/dev/dev-queries";
import { requirePageRole } from "@/lib/auth/session";

import { LinkifiedText } from "../linkified-text";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Outbox (development)" };

export default async function OutboxPage() {
  await requirePageRole("viewer");
  const messages = await listOutbox(await getDb());

  return (
    <>
      <PageHeader
        title="Outbox"
        description="Emails and texts the app sent while SMTP and Twilio are not configured, newest first."
      />
      {messages.length === 0 ? (
        <p className="text-muted-foreground">No messages yet.</p>
      ) : (
        <ol className="space-y-4">
          {messages.map((message) => (
            <li
              key={message.id}
              className="rounded-md border p-4"
              data-testid="outbox-message"
            >
              <p className="text-xs text-muted-foreground">
                {message.channel === "email" ? "Email" : "SMS"} to{" "}
                <span className="font-medium">{message.toAddress}</span> ·{" "}
                {message.createdAt.toISOString().replace("T", " ").slice(0, 19)}{" "}
                UTC
              </p>
              {message.subject ? (
                <h2 className="mt-1 font-medium">{message.subject}</h2>
              ) : null}
              <p className="mt-2 whitespace-pre-wrap text-sm">
                <LinkifiedText text={message.body} />
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
