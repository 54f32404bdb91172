import { sql } from "drizzle-orm";

import type { Db } from "@/db";

import type { SyncHistoryFilters } from "./sync-history-filters";

/**
 * Candidates pulled, screened and written back per day, read from the
 * screenings' own timestamps so the chart agrees with the candidates list.
 */

export type DailyActivity = {
  day: string;
  pulled: number;
  screened: number;
  writtenBack: number;
};

export const DEFAULT_RANGE_DAYS = 14;
// A year of daily bars is the longest range the chart labels legibly.
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  return new Date(date.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Today's date in the zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/**
 * Resolves the chart's first and last day: the filter's range, or the
 * last DEFAULT_RANGE_DAYS days, with the range capped at MAX_RANGE_DAYS
 * counted back from the last day.
 */
export function resolveRange(
  filters: Pick<SyncHistoryFilters, "from" | "to">,
  timeZone: string,
  now = new Date(),
): { from: string; to: string } {
  const to = filters.to ?? todayIn(timeZone, now);
  let from = filters.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) from = to;
  const earliest = addDays(to, -(MAX_RANGE_DAYS - 1));
  if (from < earliest) from = earliest;
  return { from, to };
}

type CountRow = { day: string; series: string; total: number | string };

export async function getDailyActivity(
  db: Db,
  workspaceId: string,
  filters: Pick<SyncHistoryFilters, "agent" | "job" | "from" | "to">,
  timeZone: string,
  now = new Date(),
): Promise<DailyActivity[]> {
  const { from, to } = resolveRange(filters, timeZone, now);
  const start = sql`(${from}::date)::timestamp at time zone ${timeZone}`;
  const end = sql`(${to}::date + 1)::timestamp at time zone ${timeZone}`;
  const agent = filters.agent
    ? sql`and agent_id = ${filters.agent}::uuid`
    : sql``;
  const job = filters.job ? sql`and tracker_job_id = ${filters.job}` : sql``;

  const series = (column: string, name: string) => sql`
    select to_char((${sql.identifier(column)} at time zone ${timeZone})::date, 'YYYY-MM-DD') as day,
           ${name} as series, count(*) as total
    from screenings
    where workspace_id = ${workspaceId}::uuid ${agent} ${job}
      and ${sql.identifier(column)} >= ${start}
      and ${sql.identifier(column)} < ${end}
    group by 1`;

  const result = await db.execute<CountRow>(sql`
    ${series("created_at", "pulled")}
    union all ${series("completed_at", "screened")}
    union all ${series("written_back_at", "writtenBack")}`);
  const rows = Array.isArray(result)
    ? (result as CountRow[])
    : ((result as { rows: CountRow[] }).rows ?? []);

  const byDay = new Map<string, DailyActivity>();
  for (let day = from; day <= to; day = addDays(day, 1)) {
    byDay.set(day, { day, pulled: 0, screened: 0, writtenBack: 0 });
  }
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    const key = row.series as "pulled" | "screened" | "writtenBack";
    entry[key] = Number(row.total);
  }
  return [...byDay.values()];
}
