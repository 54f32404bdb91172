"use client";

import * as React from "react";
import * as Recharts from "recharts";

import { cn } from "@/lib/utils";

/**
 * Chart primitives on recharts in the shadcn/ui pattern: a config maps
 * each data key to a label and a color, the container publishes the
 * colors as --color-<key> CSS variables, and the tooltip and legend read
 * labels from the config.
 */

export type ChartConfig = Record<string, { label: string; color: string }>;

const ChartContext = React.createContext<ChartConfig | null>(null);

function useChartConfig(): ChartConfig {
  const config = React.useContext(ChartContext);
  if (!config) {
    throw new Error("Chart parts must be rendered inside <ChartContainer>.");
  }
  return config;
}

function ChartContainer({
  config,
  className,
  children,
  ...props
}: React.ComponentProps<"div"> & {
  config: ChartConfig;
  children: React.ComponentProps<
    typeof Recharts.ResponsiveContainer
  >["children"];
}) {
  const style = Object.fromEntries(
    Object.entries(config).map(([key, entry]) => [
      `--color-${key}`,
      entry.color,
    ]),
  ) as React.CSSProperties;
  return (
    <ChartContext.Provider value={config}>
      <div
        data-slot="chart"
        className={cn(
          "aspect-video w-full text-xs [&_.recharts-cartesian-axis-tick_text]:fill-muted-foreground [&_.recharts-cartesian-grid_line]:stroke-border",
          className,
        )}
        style={style}
        {...props}
      >
        <Recharts.ResponsiveContainer>{children}</Recharts.ResponsiveContainer>
      </div>
    </ChartContext.Provider>
  );
}

const ChartTooltip = Recharts.Tooltip;
const ChartLegend = Recharts.Legend;

type PayloadEntry = {
  dataKey?: string | number;
  value?: number | string;
  color?: string;
};

function ChartTooltipContent({
  active,
  payload,
  label,
  labelFormatter,
}: {
  active?: boolean;
  payload?: PayloadEntry[];
  label?: string | number;
  labelFormatter?: (label: string) => string;
}) {
  const config = useChartConfig();
  if (!active || !payload?.length) return null;
  const title =
    label === undefined
      ? null
      : labelFormatter
        ? labelFormatter(String(label))
        : String(label);
  return (
    <div className="grid min-w-32 gap-1 rounded-md border bg-background px-3 py-2 text-xs shadow-md">
      {title ? <p className="font-medium">{title}</p> : null}
      {payload.map((entry) => {
        const key = String(entry.dataKey);
        return (
          <div key={key} className="flex items-center gap-2">
            <span
              aria-hidden
              className="size-2.5 rounded-sm"
              style={{ background: `var(--color-${key})` }}
            />
            <span className="text-muted-foreground">
              {config[key]?.label ?? key}
            </span>
            <span className="ml-auto font-mono tabular-nums">
              {entry.value}
            </span>
          </div>
        );
      })}
    </div>
  );
}

function ChartLegendContent({ payload }: { payload?: PayloadEntry[] }) {
  const config = useChartConfig();
  if (!payload?.length) return null;
  return (
    <ul className="flex flex-wrap items-center justify-center gap-4 pt-3">
      {payload.map((entry) => {
        const key = String(entry.dataKey);
        return (
          <li key={key} className="flex items-center gap-1.5">
            <span
              aria-hidden
              className="size-2.5 rounded-sm"
              style={{ background: `var(--color-${key})` }}
            />
            {config[key]?.label ?? key}
          </li>
        );
      })}
    </ul>
  );
}

export {
  ChartContainer,
  ChartLegend,
  ChartLegendContent,
  ChartTooltip,
  ChartTooltipContent,
};
