import Link from "next/link";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { SCREENING_STATES } from "@/db/schema";
import { SCREENING_STATE_LABELS } from "@/lib/views/format";
import type { ScreeningListFilters } from "@/lib/views/screenings";

/** Renders a GET form, so a search is a shareable URL from page 1. */
export function CandidatesSearch({
  filters,
  agents,
}: {
  filters: ScreeningListFilters;
  agents: { id: string; name: string }[];
}) {
  return (
    <form
      method="get"
      action="/candidates"
      role="search"
      aria-label="Search candidates"
      className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_auto]"
    >
      <div className="grid gap-1.5">
        <Label htmlFor="candidate-search">Name or email</Label>
        <Input
          id="candidate-search"
          name="q"
          type="search"
          defaultValue={filters.q}
          placeholder="e.g. Jordan or jordan@example.com"
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="candidate-state">Status</Label>
        <NativeSelect
          id="candidate-state"
          name="state"
          defaultValue={filters.state ?? ""}
        >
          <option value="">Any status</option>
          {SCREENING_STATES.map((state) => (
            <option key={state} value={state}>
              {SCREENING_STATE_LABELS[state]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="candidate-agent">Agent</Label>
        <NativeSelect
          id="candidate-agent"
          name="agent"
          defaultValue={filters.agent ?? ""}
        >
          <option value="">All agents</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex items-end gap-2">
        <Button type="submit">Search</Button>
        <Button asChild variant="ghost">
          <Link href="/candidates">Clear</Link>
        </Button>
      </div>
    </form>
  );
}
