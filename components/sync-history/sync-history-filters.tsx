import Link from "next/link";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { syncRunKindEnum, syncRunStatusEnum } from "@/db/schema";
import { RUN_KIND_LABELS, RUN_STATUS_LABELS } from "@/lib/views/format";
import type { SyncHistoryFilters } from "@/lib/views/sync-history-filters";
import type { FilterOptions } from "@/lib/views/workspace-options";

/**
 * Renders the filter bar as a plain GET form, so the filters live in the URL,
 * survive a reload and can be shared, and it works before JavaScript loads.
 * Applying filters drops the paging cursor and starts at the newest run.
 */
export function SyncHistoryFilterBar({
  filters,
  options,
  timeZone,
}: {
  filters: SyncHistoryFilters;
  options: FilterOptions;
  timeZone: string;
}) {
  return (
    <form
      method="get"
      action="/sync-history"
      aria-label="Filter sync runs"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-[repeat(6,minmax(0,1fr))_auto]"
    >
      <div className="grid gap-1.5">
        <Label htmlFor="filter-agent">Agent</Label>
        <NativeSelect
          id="filter-agent"
          name="agent"
          defaultValue={filters.agent ?? ""}
        >
          <option value="">All agents</option>
          {options.agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="filter-job">Job</Label>
        <NativeSelect
          id="filter-job"
          name="job"
          defaultValue={filters.job ?? ""}
        >
          <option value="">All jobs</option>
          {options.jobs.map((job) => (
            <option key={job.trackerJobId} value={job.trackerJobId}>
              {job.title} ({job.trackerJobId})
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="filter-kind">Kind</Label>
        <NativeSelect
          id="filter-kind"
          name="kind"
          defaultValue={filters.kind ?? ""}
        >
          <option value="">Any kind</option>
          {syncRunKindEnum.enumValues.map((kind) => (
            <option key={kind} value={kind}>
              {RUN_KIND_LABELS[kind]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="filter-status">Status</Label>
        <NativeSelect
          id="filter-status"
          name="status"
          defaultValue={filters.status ?? ""}
        >
          <option value="">Any status</option>
          {syncRunStatusEnum.enumValues.map((status) => (
            <option key={status} value={status}>
              {RUN_STATUS_LABELS[status]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="filter-from">From ({timeZone})</Label>
        <Input
          id="filter-from"
          name="from"
          type="date"
          defaultValue={filters.from}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="filter-to">To ({timeZone})</Label>
        <Input id="filter-to" name="to" type="date" defaultValue={filters.to} />
      </div>
      <div className="flex items-end gap-2">
        <Button type="submit">Apply</Button>
        <Button asChild variant="ghost">
          <Link href="/sync-history">Clear</Link>
        </Button>
      </div>
    </form>
  );
}
