import Link from "next/link";
import { notFound } from "next/navigation";

import { getEnv } from "@/lib/env";

/**
 * Development tools: the outbox, the simulated phone and the interview
 * simulator. They replace SMTP, Twilio and the interview engine, and return
 * 404 unless DEV_TOOLS allows them (by default: outside production).
 */
export default function DevLayout({ children }: { children: React.ReactNode }) {
  if (!getEnv().devToolsEnabled) notFound();
  return (
    <div>
      <div
        role="note"
        className="mb-6 rounded-md border border-amber-500/50 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      >
        <strong>Development tools.</strong> Messages here were not sent to
        anyone: they stand in for email, SMS and the interview engine while
        those are not configured.
        <nav aria-label="Development tools" className="mt-2 flex gap-4">
          <Link className="underline" href="/dev/outbox">
            Outbox
          </Link>
          <Link className="underline" href="/dev/phone">
            Simulated phone
          </Link>
          <Link className="underline" href="/dev/interviews">
            Interview simulator
          </Link>
        </nav>
      </div>
      {children}
    </div>
  );
}
