import type { Metadata } from "next";
import Link from "next/link";

import { PageHeader } from "@/components/shell/page-header";
import { getDb } from "@/db";
import {
  listSimulatedPhones,
  loadPhoneThread,
} from "@/lib/channels/dev/dev-queries";
import { requirePageRole } from "@/lib/auth/session";
import { cn } from "@/lib/utils";

import { LinkifiedText } from "../linkified-text";
import { PhoneReplyForm } from "./phone-reply-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Simulated phone (development)" };

/** Plays the candidate's phone: read the texts, type the replies. */
export default async function SimulatedPhonePage({
  searchParams,
}: {
  searchParams: Promise<{ number?: string }>;
}) {
  await requirePageRole("viewer");
  const db = await getDb();
  const phones = await listSimulatedPhones(db);
  const { number } = await searchParams;
  const phone = number && phones.includes(number) ? number : phones[0];
  const thread = phone ? await loadPhoneThread(db, phone) : [];

  return (
    <>
      <PageHeader
        title="Simulated phone"
        description="Texts sent while Twilio is not configured. Replies go through the same handler as Twilio's webhook."
      />
      {!phone ? (
        <p className="text-muted-foreground">No texts yet.</p>
      ) : (
        <div className="flex flex-col gap-6 md:flex-row">
          <nav aria-label="Phone numbers" className="md:w-48">
            <ul className="space-y-1">
              {phones.map((item) => (
                <li key={item}>
                  <Link
                    href={`/dev/phone?number=${encodeURIComponent(item)}`}
                    aria-current={item === phone ? "page" : undefined}
                    className={cn(
                      "block rounded-md px-3 py-2 text-sm hover:bg-accent",
                      item === phone && "bg-accent font-medium",
                    )}
                  >
                    {item}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <section
            aria-label={`Texts with ${phone}`}
            className="max-w-md flex-1 rounded-2xl border p-4"
          >
            <ol className="space-y-3" data-testid="phone-thread">
              {thread.map((message) => {
                const mine = message.direction === "inbound";
                return (
                  <li
                    key={message.id}
                    className={cn(
                      "flex",
                      mine ? "justify-end" : "justify-start",
                    )}
                  >
                    <p
                      className={cn(
                        "max-w-[85%] whitespace-pre-wrap rounded-2xl px-3 py-2 text-sm",
                        mine
                          ? "bg-primary text-primary-foreground"
                          : "bg-muted",
                      )}
                    >
                      <span className="sr-only">
                        {mine ? "Candidate: " : "App: "}
                      </span>
                      <LinkifiedText text={message.body} />
                    </p>
                  </li>
                );
              })}
            </ol>
            <PhoneReplyForm phone={phone} />
          </section>
        </div>
      )}
    </>
  );
}
