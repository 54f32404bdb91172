"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { applyActionResult, useSingleFlight } from "@/lib/actions/form-helpers";
import { saveJobMapping } from "@/lib/actions/save-job-mapping";
import {
  saveJobMappingSchema,
  type SaveJobMappingInput,
} from "@/lib/validations/job-mapping";

import { FieldError } from "./field-error";
import { StageOptions, type StageOption } from "./stage-options";
import { useJobCheck } from "./use-job-check";

type FormValues = {
  trackerJobId: string;
  triggerStatusId: string;
  mapClosedJob: boolean;
};

/**
 * Renders the ATS Integration fields for one mapping. It creates a
 * mapping, or remaps an existing one when `mappingId` is given.
 */
export function JobMappingForm({
  agentId,
  stages,
  mappingId,
  initial,
  onSaved,
}: {
  agentId: string;
  stages: StageOption[];
  mappingId?: string;
  initial?: { trackerJobId: number; triggerStatusId: number };
  onSaved?: () => void;
}) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<FormValues>({
    defaultValues: {
      trackerJobId: initial ? String(initial.trackerJobId) : "",
      triggerStatusId: initial ? String(initial.triggerStatusId) : "",
      mapClosedJob: false,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const check = useJobCheck(
    useWatch({ control: form.control, name: "trackerJobId" }),
  );
  const idPrefix = mappingId ? `remap-${mappingId}` : "new-mapping";
  const submitLabel = mappingId ? "Save remap" : "Map job";

  const submit = useSingleFlight(async (values: FormValues) => {
    setFormError(null);
    setSaved(null);
    const input: SaveJobMappingInput = {
      agentId,
      mappingId,
      trackerJobId: values.trackerJobId,
      triggerStatusId: values.triggerStatusId,
      mapClosedJob: values.mapClosedJob,
    };
    // Same schema as the server, so errors show before a round trip.
    const parsed = saveJobMappingSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "trackerJobId" || field === "triggerStatusId") {
          form.setError(field, { message: issue.message });
        }
      }
      return;
    }
    const result = await saveJobMapping(input);
    const message = applyActionResult(form, result);
    if (message || !result.ok) {
      setFormError(message);
      return;
    }
    if (!mappingId) {
      form.reset({
        trackerJobId: "",
        triggerStatusId: "",
        mapClosedJob: false,
      });
      setSaved("Job mapped. New candidates entering the stage are pulled in.");
    }
    router.refresh();
    onSaved?.();
  });

  const jobIdError =
    errors.trackerJobId?.message ?? check.formatError ?? check.lookupError;

  return (
    <form
      onSubmit={form.handleSubmit(submit)}
      className="space-y-4"
      aria-label={mappingId ? "Remap job" : "Add job mapping"}
      noValidate
    >
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      {saved ? (
        <Alert variant="success">
          <AlertDescription>{saved}</AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-2">
          <Label htmlFor={`${idPrefix}-ats`}>ATS Type</Label>
          <NativeSelect id={`${idPrefix}-ats`} disabled defaultValue="tracker">
            <option value="tracker">Tracker</option>
          </NativeSelect>
        </div>
        <div className="space-y-2">
          <Label htmlFor={`${idPrefix}-parameter`}>Mapping Parameter</Label>
          <NativeSelect
            id={`${idPrefix}-parameter`}
            disabled
            defaultValue="job-posting-id"
          >
            <option value="job-posting-id">Job Posting ID</option>
          </NativeSelect>
        </div>
      </div>

      <div className="space-y-2">
        <Label htmlFor={`${idPrefix}-job-id`}>Tracker Job ID</Label>
        <Input
          id={`${idPrefix}-job-id`}
          inputMode="numeric"
          autoComplete="off"
          className="max-w-48"
          aria-invalid={!!jobIdError}
          {...form.register("trackerJobId")}
        />
        <JobCheckResult check={check} />
        <FieldError message={jobIdError} />
        {check.job?.isClosed ? (
          <label className="flex items-center gap-2 text-sm">
            <Checkbox {...form.register("mapClosedJob")} />
            Map anyway: I know this job is closed
          </label>
        ) : null}
      </div>

      <div className="space-y-2">
        <Label htmlFor={`${idPrefix}-stage`}>
          Get candidates if they move to
        </Label>
        <NativeSelect
          id={`${idPrefix}-stage`}
          className="max-w-sm"
          aria-invalid={!!errors.triggerStatusId}
          {...form.register("triggerStatusId")}
        >
          <option value="">Pick a stage…</option>
          <StageOptions stages={stages} />
        </NativeSelect>
        <p className="text-sm text-muted-foreground">
          These are your Tracker database&apos;s own placement stages, listed
          under Tracker&apos;s broad categories.
        </p>
        <FieldError message={errors.triggerStatusId?.message} />
      </div>

      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}

function JobCheckResult({ check }: { check: ReturnType<typeof useJobCheck> }) {
  if (check.pending && !check.formatError) {
    return (
      <p className="text-sm text-muted-foreground">Checking with Tracker…</p>
    );
  }
  if (!check.job) return null;
  const { job } = check;
  return (
    <p className="text-sm" data-testid="job-check">
      <span className="font-medium">{job.title}</span>
      {job.clientName ? ` · ${job.clientName}` : ""}
      {` · ${job.statusName ?? "status unknown"}`}
      {job.isClosed ? " (closed)" : ""}
    </p>
  );
}
