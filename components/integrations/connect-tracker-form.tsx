"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { FieldError } from "@/components/agents/field-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { connectTracker } from "@/lib/actions/connect-tracker";
import { applyActionResult, useSingleFlight } from "@/lib/actions/form-helpers";
import type { ConnectResult } from "@/lib/actions/services/tracker-connection";
import {
  CONNECTION_REGIONS,
  connectTrackerSchema,
  REGION_LABELS,
  type ConnectTrackerInput,
} from "@/lib/validations/tracker-connection";

/** Access token, API version and region; checked live before saving. */
export function ConnectTrackerForm({
  sandboxAvailable,
  onConnected,
}: {
  sandboxAvailable: boolean;
  onConnected: (result: ConnectResult) => void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ConnectTrackerInput>({
    resolver: zodResolver(connectTrackerSchema),
    // With a sandbox configured, this is a local demo or test: start on
    // the Sandbox so a sandbox token is never sent to a real Tracker host.
    defaultValues: {
      accessToken: "",
      apiVersion: 1,
      region: sandboxAvailable ? "Sandbox" : "US",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const regions = CONNECTION_REGIONS.filter(
    (region) => region !== "Sandbox" || sandboxAvailable,
  );

  const submit = useSingleFlight(async (values: ConnectTrackerInput) => {
    setFormError(null);
    const result = await connectTracker(values);
    const message = applyActionResult(form, result);
    if (message || !result.ok) {
      setFormError(message);
      return;
    }
    form.reset({ ...values, accessToken: "" });
    onConnected(result.data);
  });

  return (
    <form
      onSubmit={form.handleSubmit(submit)}
      className="max-w-xl space-y-5"
      aria-label="Connect Tracker"
      noValidate
    >
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}

      <div className="space-y-2">
        <Label htmlFor="tracker-access-token">Access Token</Label>
        <Input
          id="tracker-access-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={!!errors.accessToken}
          {...form.register("accessToken")}
        />
        <p className="text-sm text-muted-foreground">
          In Tracker: Tools &amp; Settings → Security Settings → API. Copy the
          existing token; generating a new one there stops every other tool that
          uses the old token.
        </p>
        <FieldError message={errors.accessToken?.message} />
      </div>

      <div className="space-y-2">
        <Label htmlFor="tracker-api-version">API Version</Label>
        <Input
          id="tracker-api-version"
          type="number"
          min={1}
          step={1}
          className="max-w-32"
          aria-invalid={!!errors.apiVersion}
          {...form.register("apiVersion")}
        />
        <FieldError message={errors.apiVersion?.message} />
      </div>

      <div className="space-y-2">
        <Label htmlFor="tracker-region">Region</Label>
        <NativeSelect
          id="tracker-region"
          className="max-w-sm"
          aria-invalid={!!errors.region}
          {...form.register("region")}
        >
          {regions.map((region) => (
            <option key={region} value={region}>
              {REGION_LABELS[region]}
            </option>
          ))}
        </NativeSelect>
        <p className="text-sm text-muted-foreground">
          The region is in your Tracker login address: evous… is US, evoca… is
          CA, and any other is UK and rest of world.
        </p>
        <FieldError message={errors.region?.message} />
      </div>

      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Checking with Tracker…" : "Connect"}
      </Button>
    </form>
  );
}
