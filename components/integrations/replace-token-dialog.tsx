"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { FieldError } from "@/components/agents/field-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { applyActionResult, useSingleFlight } from "@/lib/actions/form-helpers";
import { replaceTrackerToken } from "@/lib/actions/replace-tracker-token";
import type { ConnectResult } from "@/lib/actions/services/tracker-connection";
import {
  replaceTrackerTokenSchema,
  type ReplaceTrackerTokenInput,
} from "@/lib/validations/tracker-connection";

/** Asks for a new access token and checks it live before storing it. */
export function ReplaceTokenDialog({
  highlight,
  onReplaced,
}: {
  highlight: boolean;
  onReplaced: (result: ConnectResult) => void;
}) {
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ReplaceTrackerTokenInput>({
    resolver: zodResolver(replaceTrackerTokenSchema),
    defaultValues: { accessToken: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = useSingleFlight(async (values: ReplaceTrackerTokenInput) => {
    setFormError(null);
    const result = await replaceTrackerToken(values);
    const message = applyActionResult(form, result);
    if (message || !result.ok) {
      setFormError(message);
      return;
    }
    form.reset({ accessToken: "" });
    setOpen(false);
    onReplaced(result.data);
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          form.reset({ accessToken: "" });
          setFormError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant={highlight ? "default" : "outline"}>
          Replace token
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Replace the access token</DialogTitle>
          <DialogDescription>
            The new token is checked with Tracker before it replaces the old
            one; if the check fails, nothing changes. Mappings and screenings in
            flight carry on with the new token.
          </DialogDescription>
        </DialogHeader>
        <form
          onSubmit={form.handleSubmit(submit)}
          className="space-y-4"
          aria-label="Replace token"
          noValidate
        >
          {formError ? (
            <Alert variant="destructive">
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <div className="space-y-2">
            <Label htmlFor="replace-access-token">New access token</Label>
            <Input
              id="replace-access-token"
              type="password"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={!!errors.accessToken}
              {...form.register("accessToken")}
            />
            <FieldError message={errors.accessToken?.message} />
          </div>
          <DialogFooter>
            <Button type="submit" disabled={isSubmitting}>
              {isSubmitting ? "Checking with Tracker…" : "Check and save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
