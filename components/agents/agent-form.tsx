"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { applyActionResult, useSingleFlight } from "@/lib/actions/form-helpers";
import { saveAgent } from "@/lib/actions/save-agent";
import {
  agentSchema,
  WORKFLOW_STEP_LABELS,
  WORKFLOW_STEP_TYPES,
  type AgentInput,
  type WorkflowStepType,
} from "@/lib/validations/agent";

import { FieldError } from "./field-error";

/** Create or edit form; read-only when the viewer may not edit agents. */
export function AgentForm({
  agent,
  readOnly = false,
}: {
  agent?: AgentInput;
  readOnly?: boolean;
}) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const form = useForm<AgentInput>({
    resolver: zodResolver(agentSchema),
    defaultValues: agent ?? {
      name: "",
      stepKinds: ["resume"],
      jobDescription: "",
      status: "active",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const submitLabel = agent?.id ? "Save agent" : "Create agent";

  const submit = useSingleFlight(async (values: AgentInput) => {
    setFormError(null);
    setSaved(false);
    const result = await saveAgent(values);
    const message = applyActionResult(form, result);
    if (message || !result.ok) {
      setFormError(message);
      return;
    }
    if (!values.id) {
      router.push(`/agents/${result.data.id}`);
      return;
    }
    setSaved(true);
    router.refresh();
  });

  return (
    <form
      onSubmit={form.handleSubmit(submit)}
      className="max-w-2xl space-y-5"
      noValidate
      aria-label={agent?.id ? "Edit agent" : "New agent"}
    >
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      {saved ? (
        <Alert variant="success">
          <AlertDescription>Agent saved.</AlertDescription>
        </Alert>
      ) : null}

      <fieldset disabled={readOnly} className="space-y-5">
        <div className="space-y-2">
          <Label htmlFor="agent-name">Name</Label>
          <Input
            id="agent-name"
            aria-invalid={!!errors.name}
            aria-describedby={errors.name ? "agent-name-error" : undefined}
            {...form.register("name")}
          />
          <FieldError id="agent-name-error" message={errors.name?.message} />
        </div>

        <div
          className="space-y-2"
          role="group"
          aria-labelledby="workflow-label"
        >
          <p id="workflow-label" className="text-sm font-medium">
            Workflow steps
          </p>
          <p className="text-sm text-muted-foreground">
            Steps run in the order shown for each candidate the agent pulls.
          </p>
          <Controller
            control={form.control}
            name="stepKinds"
            render={({ field }) => (
              <div className="flex flex-wrap gap-4">
                {WORKFLOW_STEP_TYPES.map((type) => (
                  <label key={type} className="flex items-center gap-2 text-sm">
                    <Checkbox
                      checked={field.value.includes(type)}
                      onChange={(event) =>
                        field.onChange(
                          toggleStep(field.value, type, event.target.checked),
                        )
                      }
                    />
                    {WORKFLOW_STEP_LABELS[type]}
                  </label>
                ))}
              </div>
            )}
          />
          <FieldError
            id="workflow-error"
            message={
              errors.stepKinds?.message ?? errors.stepKinds?.root?.message
            }
          />
        </div>

        <div className="space-y-2">
          <Label htmlFor="agent-job-description">Job description</Label>
          <Textarea
            id="agent-job-description"
            rows={6}
            aria-invalid={!!errors.jobDescription}
            {...form.register("jobDescription")}
          />
          <p className="text-sm text-muted-foreground">
            The agent reads this to judge answers and resumes. Optional.
          </p>
          <FieldError message={errors.jobDescription?.message} />
        </div>

        <div className="space-y-2">
          <Label htmlFor="agent-status">Status</Label>
          <NativeSelect
            id="agent-status"
            className="max-w-xs"
            {...form.register("status")}
          >
            <option value="active">Active</option>
            <option value="archived">Archived: pulls no new candidates</option>
          </NativeSelect>
          <FieldError message={errors.status?.message} />
        </div>
      </fieldset>

      {readOnly ? (
        <p className="text-sm text-muted-foreground">
          You have read-only access; a recruiter or admin of this workspace can
          change agents.
        </p>
      ) : (
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : submitLabel}
        </Button>
      )}
    </form>
  );
}

function toggleStep(
  kinds: WorkflowStepType[],
  kind: WorkflowStepType,
  checked: boolean,
): WorkflowStepType[] {
  const chosen = new Set(kinds);
  if (checked) chosen.add(kind);
  else chosen.delete(kind);
  // Keep the canonical order so the workflow reads the same for everyone.
  return WORKFLOW_STEP_TYPES.filter((each) => chosen.has(each));
}
