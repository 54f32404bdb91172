"use client";

import { useState } from "react";

import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";

import { JobMappingForm } from "./job-mapping-form";
import type { StageOption } from "./stage-options";

/** Changes a mapping's job or stage, saying what that does to the pull. */
export function RemapDialog({
  agentId,
  mappingId,
  stages,
  initial,
  label,
}: {
  agentId: string;
  mappingId: string;
  stages: StageOption[];
  initial: { trackerJobId: number; triggerStatusId: number };
  label: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          Remap
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>Remap {label}</DialogTitle>
          <DialogDescription>
            Screenings already started continue. Changing the job or the stage
            resets the stage baseline: candidates already in the new stage are
            not pulled, only those who move into it from now on.
          </DialogDescription>
        </DialogHeader>
        <JobMappingForm
          agentId={agentId}
          mappingId={mappingId}
          stages={stages}
          initial={initial}
          onSaved={() => setOpen(false)}
        />
      </DialogContent>
    </Dialog>
  );
}
