import { Badge } from "@/components/ui/badge";
import type { ScreeningState } from "@/db/schema";
import { SCREENING_STATE_LABELS } from "@/lib/views/format";
import { cn } from "@/lib/utils";

// Colors pair with the label text, so state never depends on color alone.
const STATE_CLASSES: Record<ScreeningState, string> = {
  pulled: "border-border bg-muted text-foreground",
  invited: "border-sky-700/30 bg-sky-50 text-sky-900",
  in_progress: "border-sky-700/30 bg-sky-50 text-sky-900",
  completed: "border-emerald-700/30 bg-emerald-50 text-emerald-900",
  knocked_out: "border-amber-700/30 bg-amber-50 text-amber-900",
  expired: "border-border bg-muted text-foreground",
  failed: "border-red-700/30 bg-red-50 text-red-900",
  written_back: "border-emerald-700/30 bg-emerald-50 text-emerald-900",
};

export function ScreeningStateBadge({ state }: { state: ScreeningState }) {
  return (
    <Badge variant="outline" className={cn(STATE_CLASSES[state])}>
      {SCREENING_STATE_LABELS[state]}
    </Badge>
  );
}
