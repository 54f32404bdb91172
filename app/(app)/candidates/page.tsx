import type { Metadata } from "next";

import { CandidatesSearch } from "@/components/candidates/candidates-search";
import { CandidatesTable } from "@/components/candidates/candidates-table";
import { PageHeader } from "@/components/shell/page-header";
import { Pagination, PaginationLink } from "@/components/ui/pagination";
import { getDb } from "@/db";
import { requirePageRole } from "@/lib/auth/session";
import {
  listScreenings,
  screeningListFiltersSchema,
} from "@/lib/views/screenings";
import {
  getFilterOptions,
  getWorkspaceTimeZone,
} from "@/lib/views/workspace-options";

export const metadata: Metadata = { title: "Candidates" };

export default async function CandidatesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePageRole("viewer");
  const raw = await searchParams;
  const first = (value: string | string[] | undefined) =>
    (Array.isArray(value) ? value[0] : value) || undefined;
  const filters = screeningListFiltersSchema.parse({
    q: first(raw.q),
    state: first(raw.state),
    agent: first(raw.agent),
    page: first(raw.page),
  });

  const db = await getDb();
  const [timeZone, options, page] = await Promise.all([
    getWorkspaceTimeZone(db, viewer.workspaceId),
    getFilterOptions(db, viewer.workspaceId),
    listScreenings(db, viewer.workspaceId, filters),
  ]);

  const pageHref = (number: number) => {
    const params = new URLSearchParams();
    if (filters.q) params.set("q", filters.q);
    if (filters.state) params.set("state", filters.state);
    if (filters.agent) params.set("agent", filters.agent);
    params.set("page", String(number));
    return `/candidates?${params.toString()}`;
  };

  return (
    <>
      <PageHeader
        title="Candidates"
        description="Everyone pulled from Tracker for screening, newest first."
      />
      <div className="space-y-4">
        <CandidatesSearch filters={filters} agents={options.agents} />
        <p className="text-sm text-muted-foreground" role="status">
          {page.total === 1 ? "1 candidate" : `${page.total} candidates`}
          {filters.q ? ` matching “${filters.q}”` : ""}
        </p>
        <CandidatesTable rows={page.rows} timeZone={timeZone} />
        <Pagination aria-label="Candidate pages">
          <PaginationLink
            direction="previous"
            href={page.page > 1 ? pageHref(page.page - 1) : null}
          >
            Previous
          </PaginationLink>
          <span className="text-sm text-muted-foreground">
            Page {page.page} of {page.pageCount}
          </span>
          <PaginationLink
            direction="next"
            href={page.page < page.pageCount ? pageHref(page.page + 1) : null}
          >
            Next
          </PaginationLink>
        </Pagination>
      </div>
    </>
  );
}
