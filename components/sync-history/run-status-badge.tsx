import { Badge } from "@/components/ui/badge";
import type { SyncRunStatus } from "@/db/schema";
import { RUN_STATUS_LABELS } from "@/lib/views/format";
import { cn } from "@/lib/utils";

// Colors pair with the label text, so status never depends on color alone.
const STATUS_CLASSES: Record<SyncRunStatus, string> = {
  running: "border-sky-700/30 bg-sky-50 text-sky-900",
  succeeded: "border-emerald-700/30 bg-emerald-50 text-emerald-900",
  partial: "border-amber-700/30 bg-amber-50 text-amber-900",
  failed: "border-red-700/30 bg-red-50 text-red-900",
  skipped: "border-border bg-muted text-foreground",
};

export function RunStatusBadge({ status }: { status: SyncRunStatus }) {
  return (
    <Badge
      variant="outline"
      className={cn(STATUS_CLASSES[status])}
      data-testid="run-status"
    >
      {RUN_STATUS_LABELS[status]}
    </Badge>
  );
}
