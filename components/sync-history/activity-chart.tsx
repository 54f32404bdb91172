"use client";

import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from "recharts";

import {
  ChartContainer,
  ChartLegend,
  ChartLegendContent,
  ChartTooltip,
  ChartTooltipContent,
  type ChartConfig,
} from "@/components/ui/chart";
import type { DailyActivity } from "@/lib/views/daily-activity";
import { formatDay } from "@/lib/views/format";

const config: ChartConfig = {
  pulled: { label: "Pulled", color: "var(--chart-1)" },
  screened: { label: "Screened", color: "var(--chart-2)" },
  writtenBack: { label: "Written back", color: "var(--chart-3)" },
};

/**
 * Bars of candidates pulled, screened and written back per day. A table
 * with the same numbers follows for screen readers, since the SVG bars
 * carry no text of their own.
 */
export function ActivityChart({
  days,
  timeZone,
}: {
  days: DailyActivity[];
  timeZone: string;
}) {
  const total = days.reduce(
    (sum, day) => sum + day.pulled + day.screened + day.writtenBack,
    0,
  );
  return (
    <figure aria-labelledby="activity-chart-caption">
      <figcaption id="activity-chart-caption" className="sr-only">
        Candidates pulled, screened and written back per day ({timeZone})
      </figcaption>
      {total === 0 ? (
        <p className="py-10 text-center text-sm text-muted-foreground">
          No candidates were pulled, screened or written back in this range.
        </p>
      ) : (
        <ChartContainer config={config} className="h-64 aspect-auto">
          <BarChart data={days} margin={{ left: 0, right: 8, top: 8 }}>
            <CartesianGrid vertical={false} />
            <XAxis
              dataKey="day"
              tickLine={false}
              axisLine={false}
              tickFormatter={formatDay}
              minTickGap={16}
            />
            <YAxis
              allowDecimals={false}
              tickLine={false}
              axisLine={false}
              width={32}
            />
            <ChartTooltip
              content={<ChartTooltipContent labelFormatter={formatDay} />}
            />
            <ChartLegend content={<ChartLegendContent />} />
            <Bar dataKey="pulled" fill="var(--color-pulled)" radius={2} />
            <Bar dataKey="screened" fill="var(--color-screened)" radius={2} />
            <Bar
              dataKey="writtenBack"
              fill="var(--color-writtenBack)"
              radius={2}
            />
          </BarChart>
        </ChartContainer>
      )}
      <table className="sr-only">
        <caption>Daily activity</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Pulled</th>
            <th scope="col">Screened</th>
            <th scope="col">Written back</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.day}>
              <th scope="row">{formatDay(day.day)}</th>
              <td>{day.pulled}</td>
              <td>{day.screened}</td>
              <td>{day.writtenBack}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
