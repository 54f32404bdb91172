"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type Path } from "react-hook-form";
import type { z } from "zod";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { changePassword } from "@/lib/actions/change-password";
import { applyActionResult, useSingleFlight } from "@/lib/actions/form-helpers";
import { changePasswordSchema, PASSWORD_MIN } from "@/lib/validations/member";

type Values = z.input<typeof changePasswordSchema>;

const FIELDS: {
  name: Path<Values>;
  label: string;
  autoComplete: string;
  hint?: string;
}[] = [
  {
    name: "currentPassword",
    label: "Current password",
    autoComplete: "current-password",
  },
  {
    name: "newPassword",
    label: "New password",
    autoComplete: "new-password",
    hint: `At least ${PASSWORD_MIN} characters.`,
  },
  {
    name: "confirmPassword",
    label: "Confirm new password",
    autoComplete: "new-password",
  },
];

/** Changes the signed-in user's own password. */
export function ChangePasswordForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<Values>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: {
      currentPassword: "",
      newPassword: "",
      confirmPassword: "",
    },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = useSingleFlight(async (values: Values) => {
    setFormError(null);
    setSaved(null);
    const result = await changePassword(values);
    const message = applyActionResult(form, result);
    if (!result.ok) {
      setFormError(message);
      form.setValue("currentPassword", "");
      return;
    }
    form.reset();
    setSaved(
      "Your password was changed. Use the new one when you next sign in.",
    );
  });
  const onSubmit = form.handleSubmit(async (values) => {
    await submit(values);
  });

  return (
    <form
      onSubmit={onSubmit}
      aria-label="Change password"
      className="max-w-sm space-y-3"
      noValidate
    >
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      {FIELDS.map((field) => {
        const id = `account-${field.name}`;
        const error = errors[field.name]?.message;
        const describedBy = [
          field.hint ? `${id}-hint` : null,
          error ? `${id}-error` : null,
        ]
          .filter(Boolean)
          .join(" ");
        return (
          <div key={field.name} className="space-y-2">
            <Label htmlFor={id}>{field.label}</Label>
            <Input
              id={id}
              type="password"
              autoComplete={field.autoComplete}
              aria-invalid={!!error}
              aria-describedby={describedBy || undefined}
              {...form.register(field.name)}
            />
            {field.hint ? (
              <p id={`${id}-hint`} className="text-sm text-muted-foreground">
                {field.hint}
              </p>
            ) : null}
            {error ? (
              <p id={`${id}-error`} className="text-sm text-destructive">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Changing…" : "Change password"}
      </Button>
      {saved ? (
        <p role="status" className="text-sm text-muted-foreground">
          {saved}
        </p>
      ) : null}
    </form>
  );
}
