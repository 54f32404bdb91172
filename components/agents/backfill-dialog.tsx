"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";

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
import { NativeSelect } from "@/components/ui/native-select";
import { applyActionResult, useSingleFlight } from "@/lib/actions/form-helpers";
import { previewBackfill } from "@/lib/actions/preview-backfill";
import type { BackfillPreview } from "@/lib/actions/services/backfills";
import { startBackfill } from "@/lib/actions/start-backfill";
import { backfillSchema, type BackfillInput } from "@/lib/validations/backfill";

import { FieldError } from "./field-error";
import { StageOptions, type StageOption } from "./stage-options";

type FormValues = Omit<BackfillInput, "mappingId">;

/**
 * Backfill Historical Candidates: counts first, then queues. Start is
 * offered only for the values the shown count was made with.
 */
export function BackfillDialog({
  mappingId,
  label,
  stages,
  today,
  timeZone,
  disabledReason,
}: {
  mappingId: string;
  label: string;
  stages: StageOption[];
  today: string;
  timeZone: string;
  disabledReason?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{
    key: string;
    result: BackfillPreview;
  } | null>(null);
  const [busy, setBusy] = useState<"preview" | "start" | null>(null);
  const form = useForm<FormValues>({
    defaultValues: { upToDate: "", stageFilterId: "" },
  });
  const { errors } = form.formState;
  const [upToDate, stageFilterId] = useWatch({
    control: form.control,
    name: ["upToDate", "stageFilterId"],
  });
  const currentKey = `${upToDate}|${stageFilterId}`;
  const previewMatches = preview?.key === currentKey;

  function validInput(): BackfillInput | null {
    form.clearErrors();
    const input = { mappingId, ...form.getValues() };
    const parsed = backfillSchema.safeParse(input);
    if (parsed.success) return input;
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "upToDate" || field === "stageFilterId") {
        form.setError(field, { message: issue.message });
      }
    }
    return null;
  }

  const runPreview = useSingleFlight(async () => {
    setFormError(null);
    const input = validInput();
    if (!input) return;
    setBusy("preview");
    try {
      const result = await previewBackfill(input);
      const message = applyActionResult(form, result);
      if (message || !result.ok) {
        setFormError(message);
        setPreview(null);
        return;
      }
      setPreview({
        key: `${input.upToDate}|${input.stageFilterId}`,
        result: result.data,
      });
    } finally {
      setBusy(null);
    }
  });

  const runStart = useSingleFlight(async () => {
    setFormError(null);
    const input = validInput();
    if (!input) return;
    setBusy("start");
    try {
      const result = await startBackfill(input);
      const message = applyActionResult(form, result);
      if (message || !result.ok) {
        setFormError(message);
        return;
      }
      setOpen(false);
      setPreview(null);
      form.reset();
      router.refresh();
    } finally {
      setBusy(null);
    }
  });

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          disabled={!!disabledReason}
          title={disabledReason}
        >
          Backfill
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>Backfill Historical Candidates</DialogTitle>
          <DialogDescription>
            Brings candidates who were already on {label} into this agent&apos;s
            workflow. Count them first; nothing starts until you press Start.
          </DialogDescription>
        </DialogHeader>
        <form
          className="space-y-4"
          aria-label="Backfill historical candidates"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void runPreview();
          }}
        >
          {formError ? (
            <Alert variant="destructive">
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <div className="space-y-2">
            <Label htmlFor={`backfill-date-${mappingId}`}>
              Include applications up to
            </Label>
            <Input
              id={`backfill-date-${mappingId}`}
              type="date"
              max={today}
              className="max-w-48"
              aria-invalid={!!errors.upToDate}
              {...form.register("upToDate")}
            />
            <p className="text-sm text-muted-foreground">
              Inclusive, by the day the candidate was added to the job in
              Tracker ({timeZone}). Leave blank for everyone who applied before
              the job was mapped.
            </p>
            <FieldError message={errors.upToDate?.message} />
          </div>
          <div className="space-y-2">
            <Label htmlFor={`backfill-stage-${mappingId}`}>
              Only candidates now in
            </Label>
            <NativeSelect
              id={`backfill-stage-${mappingId}`}
              className="max-w-sm"
              {...form.register("stageFilterId")}
            >
              <option value="">All stages</option>
              <StageOptions stages={stages} />
            </NativeSelect>
            <FieldError message={errors.stageFilterId?.message} />
          </div>

          {preview && previewMatches ? (
            <Alert data-testid="backfill-preview">
              <AlertDescription>
                <p>
                  <strong>{preview.result.count}</strong> candidate(s) would be
                  brought in ({preview.result.scanned} placements read).
                </p>
                {preview.result.undated > 0 ? (
                  <p>
                    {preview.result.undated} placement(s) of this job have no
                    creation date in Tracker and are left out.
                  </p>
                ) : null}
              </AlertDescription>
            </Alert>
          ) : null}

          <DialogFooter>
            <Button type="submit" variant="outline" disabled={busy !== null}>
              {busy === "preview" ? "Counting…" : "Preview count"}
            </Button>
            <Button
              type="button"
              disabled={busy !== null || !previewMatches}
              onClick={() => void runStart()}
            >
              {busy === "start" ? "Starting…" : "Start backfill"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
