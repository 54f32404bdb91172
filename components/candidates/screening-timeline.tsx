import { formatDateTime } from "@/lib/views/format";
import type { TimelineEntry } from "@/lib/views/timeline";
import { cn } from "@/lib/utils";

const MARKER_CLASSES: Record<TimelineEntry["kind"], string> = {
  pulled: "bg-slate-500",
  invited: "bg-sky-600",
  reminder: "bg-sky-400",
  opened: "bg-sky-400",
  step: "bg-violet-600",
  state: "bg-slate-500",
  written_back: "bg-emerald-600",
  write_back_failed: "bg-red-600",
};

/** Renders the screening's steps in time order as an ordered list. */
export function ScreeningTimeline({
  entries,
  timeZone,
}: {
  entries: TimelineEntry[];
  timeZone: string;
}) {
  if (entries.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">Nothing recorded yet.</p>
    );
  }
  return (
    <ol className="relative space-y-4 border-l pl-6" aria-label="Timeline">
      {entries.map((entry, index) => (
        <li
          key={`${entry.at}-${index}`}
          className="relative"
          data-testid="timeline-entry"
        >
          <span
            aria-hidden
            className={cn(
              "absolute -left-[1.85rem] top-1.5 size-3 rounded-full ring-4 ring-background",
              MARKER_CLASSES[entry.kind],
            )}
          />
          <p className="text-sm font-medium">{entry.title}</p>
          <p className="text-xs text-muted-foreground">
            <time dateTime={entry.at}>
              {formatDateTime(entry.at, timeZone)}
            </time>
          </p>
          {entry.detail ? (
            <p className="mt-1 text-sm break-words text-muted-foreground">
              {entry.detail}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
