"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { updateReportLinkDays } from "@/lib/channels/actions/report-link-actions";
import { reportLinkDaysSchema } from "@/lib/channels/actions/report-link-schemas";

type Values = z.infer<typeof reportLinkDaysSchema>;

/** Sets how long new report links written to Tracker stay open. */
export function ReportLinkDaysForm({ initialDays }: { initialDays: number }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    resolver: zodResolver(reportLinkDaysSchema),
    defaultValues: { days: initialDays },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setSaved(null);
    setFormError(null);
    const result = await updateReportLinkDays(values);
    if (!result.ok) {
      setFormError(result.formError ?? "Saving failed; try again.");
      return;
    }
    setSaved(`New report links stay open for ${result.data.days} days.`);
  });

  return (
    <form onSubmit={onSubmit} className="max-w-sm space-y-3" noValidate>
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      <div className="space-y-2">
        <Label htmlFor="report-link-days">
          Report links expire after (days)
        </Label>
        <Input
          id="report-link-days"
          type="number"
          inputMode="numeric"
          aria-invalid={!!errors.days}
          aria-describedby={errors.days ? "report-link-days-error" : undefined}
          {...form.register("days", { valueAsNumber: true })}
        />
        {errors.days ? (
          <p id="report-link-days-error" className="text-sm text-destructive">
            {errors.days.message}
          </p>
        ) : null}
      </div>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Saving…" : "Save"}
      </Button>
      {saved ? (
        <p role="status" className="text-sm text-muted-foreground">
          {saved}
        </p>
      ) : null}
    </form>
  );
}
