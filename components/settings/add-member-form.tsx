"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { Role } from "@/db/schema";
import { applyActionResult, useSingleFlight } from "@/lib/actions/form-helpers";
import { addMember } from "@/lib/actions/members";
import { addMemberSchema, ROLE_LABELS, ROLES } from "@/lib/validations/member";

type Values = z.input<typeof addMemberSchema>;

type Added = { email: string; role: Role; initialPassword: string | null };

/**
 * Adds a member by email. A new user's generated password is kept only in
 * this component's state, so it disappears on Done or a page reload.
 */
export function AddMemberForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const [added, setAdded] = useState<Added | null>(null);
  const form = useForm<Values>({
    resolver: zodResolver(addMemberSchema),
    defaultValues: { email: "", name: "", role: "viewer" },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = useSingleFlight(async (values: Values) => {
    setFormError(null);
    setAdded(null);
    const result = await addMember(values);
    const message = applyActionResult(form, result);
    if (!result.ok) {
      setFormError(message);
      return;
    }
    setAdded(result.data);
    form.reset();
  });
  const onSubmit = form.handleSubmit(async (values) => {
    await submit(values);
  });

  return (
    <div className="space-y-4">
      {added ? (
        <AddedNotice added={added} onDone={() => setAdded(null)} />
      ) : null}
      <form
        onSubmit={onSubmit}
        aria-label="Add member"
        className="grid max-w-2xl gap-3 sm:grid-cols-[1fr_1fr_10rem_auto] sm:items-start"
        noValidate
      >
        {formError ? (
          <Alert variant="destructive" className="sm:col-span-4">
            <AlertDescription>{formError}</AlertDescription>
          </Alert>
        ) : null}
        <Field id="member-email" label="Email" error={errors.email?.message}>
          <Input
            id="member-email"
            type="email"
            autoComplete="off"
            aria-invalid={!!errors.email}
            aria-describedby={errors.email ? "member-email-error" : undefined}
            {...form.register("email")}
          />
        </Field>
        <Field id="member-name" label="Name" error={errors.name?.message}>
          <Input
            id="member-name"
            autoComplete="off"
            aria-invalid={!!errors.name}
            aria-describedby={errors.name ? "member-name-error" : undefined}
            {...form.register("name")}
          />
        </Field>
        <Field id="member-role" label="Role" error={errors.role?.message}>
          <NativeSelect
            id="member-role"
            aria-invalid={!!errors.role}
            aria-describedby={errors.role ? "member-role-error" : undefined}
            {...form.register("role")}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Button type="submit" disabled={isSubmitting} className="sm:mt-6">
          {isSubmitting ? "Adding…" : "Add member"}
        </Button>
      </form>
    </div>
  );
}

function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error: string | undefined;
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-2">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function AddedNotice({ added, onDone }: { added: Added; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const role = ROLE_LABELS[added.role];

  if (added.initialPassword === null) {
    return (
      <Alert variant="success" role="status" data-testid="member-added">
        <AlertTitle>
          {added.email} was added as {role}.
        </AlertTitle>
        <AlertDescription>
          They already had an account, so they sign in with their current
          password and no new password was made. The app opens each user&apos;s
          oldest workspace, so they see this one only if it is their first.
        </AlertDescription>
        <Button variant="outline" size="sm" className="mt-2" onClick={onDone}>
          Done
        </Button>
      </Alert>
    );
  }

  const password = added.initialPassword;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      setCopied("Copied to the clipboard.");
    } catch {
      setCopied("Copying failed; select the password and copy it by hand.");
    }
  };

  return (
    <Alert variant="success" role="status" data-testid="member-added">
      <AlertTitle>
        {added.email} was added as {role}.
      </AlertTitle>
      <AlertDescription className="space-y-2">
        <p>
          Initial password:{" "}
          <code
            data-testid="initial-password"
            className="rounded bg-muted px-1.5 py-0.5 font-mono text-foreground"
          >
            {password}
          </code>
        </p>
        <p>
          This password is shown only once. Pass it on privately, in person or
          through a password manager rather than email or chat, and ask them to
          change it under Settings, Your account, after signing in.
        </p>
        <div className="flex items-center gap-2">
          <Button variant="outline" size="sm" onClick={() => void copy()}>
            Copy password
          </Button>
          <Button variant="outline" size="sm" onClick={onDone}>
            Done
          </Button>
          {copied ? (
            <span role="status" className="text-sm">
              {copied}
            </span>
          ) : null}
        </div>
      </AlertDescription>
    </Alert>
  );
}
