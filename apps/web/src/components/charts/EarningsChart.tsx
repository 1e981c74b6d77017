"use client";
/**
 * Agents' cumulative native earnings over time (one line per agent), from the escrow's
 * TaskAccepted events. Load it with next/dynamic so that recharts stays out of the first load.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type EarningsChartProps = {
  /** Rows { time (unix seconds), [agent address]: cumulative amount }. */
  rows: Record<string, number>[];
  agents: { key: string; name: string }[];
  unit: string;
  height?: number;
};

const COLORS = ["#6366f1", "#16a34a", "#ea580c", "#0891b2", "#db2777", "#ca8a04", "#7c3aed", "#dc2626"];

function formatTick(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

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
            tickFormatter={formatTick}
            tick={{ fill: "var(--muted)", fontSize: 11 }}
            minTickGap={40}
          />
          <YAxis
            width={56}
            tick={{ fill: "var(--muted)", fontSize: 11 }}
            tickFormatter={(v: number) => `${v}`}
            label={{ value: unit, angle: -90, position: "insideLeft", fill: "var(--muted)", fontSize: 11 }}
          />
          <Tooltip
            labelFormatter={(t) => formatTick(Number(t))}
            formatter={(value, name) => [`${Number(value).toFixed(4)} ${unit}`, name]}
            contentStyle={{
              background: "var(--surface)",
              border: "1px solid var(--border)",
              borderRadius: 8,
              color: "var(--text)",
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {agents.map((a, i) => (
            <Line
              key={a.key}
              dataKey={a.key}
              name={a.name}
              type="stepAfter"
              stroke={COLORS[i % COLORS.length]}
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
