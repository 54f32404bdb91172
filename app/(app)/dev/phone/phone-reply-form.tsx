"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { phoneReplySchema } from "@/lib/channels/dev/dev-schemas";

import { sendPhoneReply } from "../actions";

export function PhoneReplyForm({ phone }: { phone: string }) {
  const router = useRouter();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = phoneReplySchema.safeParse({ phone, body });
    if (!parsed.success) {
      setError(parsed.error.issues[0]!.message);
      return;
    }
    startTransition(async () => {
      const result = await sendPhoneReply(parsed.data);
      if (!result.ok) {
        setError(result.formError ?? "The reply could not be sent.");
        return;
      }
      setError(null);
      setBody("");
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="mt-4 flex items-start gap-2" noValidate>
      <div className="flex-1">
        <label htmlFor="phone-reply" className="sr-only">
          Reply as {phone}
        </label>
        <Input
          id="phone-reply"
          value={body}
          onChange={(event) => setBody(event.target.value)}
          placeholder="Type a reply"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "phone-reply-error" : undefined}
        />
        {error ? (
          <p id="phone-reply-error" className="mt-1 text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </div>
      <Button type="submit" disabled={pending}>
        Send
      </Button>
    </form>
  );
}
