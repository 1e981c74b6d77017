"use client";
/**
 * Agents' cumulative native earnings over time (one line per agent), from the escrow's
 * TaskAccepted events. Load it with next/dynamic so that recharts stays out of the first load.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, formatTimeTick, SERIES_COLORS, TOOLTIP_STYLE } from "./theme";

export type EarningsChartProps = {
  /** Rows { time (unix seconds), [agent address]: cumulative amount }. */
  rows: Record<string, number>[];
  agents: { key: string; name: string }[];
  unit: string;
  height?: number;
};

export default function EarningsChart({ rows, agents, unit, height = 260 }: EarningsChartProps) {
  const last = rows.at(-1);
  const summary = `Cumulative earnings in ${unit} of ${agents.length} agent${agents.length === 1 ? "" : "s"}${
    last ? `: ${agents.map((a) => `${a.name} ${(last[a.key] ?? 0).toFixed(4)}`).join(", ")}` : ""
  }.`;
  return (
    <figure role="img" aria-label={summary} style={{ height, margin: 0 }}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={formatTimeTick}
            tick={AXIS_TICK}
            minTickGap={40}
          />
          <YAxis
            width={56}
            tick={AXIS_TICK}
            tickFormatter={(v: number) => `${v}`}
            label={{ value: unit, angle: -90, position: "insideLeft", fill: "var(--muted)", fontSize: 11 }}
          />
          <Tooltip
            labelFormatter={(t) => formatTimeTick(Number(t))}
            formatter={(value, name) => [`${Number(value).toFixed(4)} ${unit}`, name]}
            contentStyle={TOOLTIP_STYLE}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {agents.map((a, i) => (
            <Line
              key={a.key}
              dataKey={a.key}
              name={a.name}
              type="stepAfter"
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              strokeWidth={2}
              dot={{ r: 3 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
