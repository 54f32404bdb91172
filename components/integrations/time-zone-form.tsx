"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useSyncExternalStore } from "react";
import { useForm } from "react-hook-form";

import { FieldError } from "@/components/agents/field-error";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { applyActionResult, useSingleFlight } from "@/lib/actions/form-helpers";
import { updateTrackerTimeZone } from "@/lib/actions/update-tracker-time-zone";
import {
  trackerTimeZoneSchema,
  type TrackerTimeZoneInput,
} from "@/lib/validations/tracker-connection";

/** Edits the zone Tracker's local timestamps are read in. */
export function TimeZoneForm({
  timeZone,
  readOnly,
}: {
  timeZone: string;
  readOnly: boolean;
}) {
  const [status, setStatus] = useState<string | null>(null);
  const form = useForm<TrackerTimeZoneInput>({
    resolver: zodResolver(trackerTimeZoneSchema),
    defaultValues: { timeZone },
  });
  const { errors, isSubmitting, isDirty } = form.formState;

  const submit = useSingleFlight(async (values: TrackerTimeZoneInput) => {
    setStatus(null);
    const result = await updateTrackerTimeZone(values);
    const message = applyActionResult(form, result);
    if (message || !result.ok) {
      setStatus(message);
      return;
    }
    form.reset({ timeZone: result.data.timeZone });
    setStatus("Time zone saved.");
  });

  return (
    <form
      onSubmit={form.handleSubmit(submit)}
      className="space-y-2"
      aria-label="Tracker time zone"
      noValidate
    >
      <Label htmlFor="tracker-time-zone">Tracker database time zone</Label>
      <div className="flex max-w-md gap-2">
        <Input
          id="tracker-time-zone"
          list="tracker-time-zones"
          disabled={readOnly}
          aria-invalid={!!errors.timeZone}
          {...form.register("timeZone")}
        />
        <TimeZoneOptions />
        {readOnly ? null : (
          <Button
            type="submit"
            variant="outline"
            disabled={isSubmitting || !isDirty}
          >
            {isSubmitting ? "Saving…" : "Save"}
          </Button>
        )}
      </div>
      <p className="text-sm text-muted-foreground">
        Tracker sends times without an offset, in its database&apos;s own zone.
        Set the zone your Tracker database runs in (an IANA name such as
        America/Chicago).
      </p>
      <FieldError message={errors.timeZone?.message} />
      {status && !errors.timeZone ? (
        <p className="text-sm" role="status">
          {status}
        </p>
      ) : null}
    </form>
  );
}

const NO_ZONES: string[] = [];
let cachedZones: string[] | undefined;

const noSubscription = () => () => {};

// useSyncExternalStore needs the same array on every call, so it is cached.
function browserZones(): string[] {
  cachedZones ??=
    typeof Intl.supportedValuesOf === "function"
      ? Intl.supportedValuesOf("timeZone")
      : NO_ZONES;
  return cachedZones;
}

// Empty on the server: the server's and the browser's zone lists differ,
// and rendering them there would break hydration.
function TimeZoneOptions() {
  const zones = useSyncExternalStore(
    noSubscription,
    browserZones,
    () => NO_ZONES,
  );
  return (
    <datalist id="tracker-time-zones">
      {zones.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}
