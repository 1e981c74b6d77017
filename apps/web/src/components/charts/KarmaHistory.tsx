"use client";
/**
 * Karma over time, one line per dimension (0..1), from the registry's events; each line ends at
 * today's decayed value. Load it with next/dynamic so that recharts stays out of the first load.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, formatTimeTick, SERIES_COLORS, TOOLTIP_STYLE } from "./theme";

export type KarmaHistoryProps = {
  /** Rows { time (unix seconds), d<id>: value } with every series' value carried forward. */
  rows: Record<string, number>[];
  series: { key: string; name: string }[];
  label: string;
  height?: number;
};

export default function KarmaHistory({ rows, series, label, height = 300 }: KarmaHistoryProps) {
  const last = rows.at(-1);
  const summary = `${label}: ${series.length} dimensions over ${rows.length} points${
    last ? `; now ${series.map((s) => `${s.name} ${(last[s.key] ?? 0).toFixed(2)}`).join(", ")}` : ""
  }.`;
  return (
    <figure role="img" aria-label={summary} style={{ height, margin: 0 }}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
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
          <YAxis domain={[0, 1]} tickCount={6} width={36} tick={AXIS_TICK} />
          <Tooltip
            labelFormatter={(t) => formatTimeTick(Number(t))}
            formatter={(value, name) => [Number(value).toFixed(3), name]}
            contentStyle={TOOLTIP_STYLE}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s, i) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.name}
              type="linear"
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              strokeWidth={2}
              dot={{ r: 2 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
