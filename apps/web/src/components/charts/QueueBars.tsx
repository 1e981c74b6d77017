"use client";
/**
 * The fleet's queues as stacked bars of their job counts (waiting, active, delayed, completed,
 * failed). Load it with next/dynamic so that recharts stays out of the route's first load.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, TOOLTIP_STYLE } from "./theme";

export type QueueBarsProps = {
  queues: { name: string; waiting: number; active: number; delayed: number; completed: number; failed: number }[];
  height?: number;
};

export const QUEUE_STATE_COLORS = {
  waiting: "#64748b",
  active: "#2563eb",
  delayed: "#ca8a04",
  completed: "#16a34a",
  failed: "#dc2626",
} as const;

const STATES = ["waiting", "active", "delayed", "completed", "failed"] as const;

export default function QueueBars({ queues, height = 220 }: QueueBarsProps) {
  const summary = `Jobs per queue: ${queues
    .map(
      (q) =>
        `${q.name} ${q.waiting} waiting, ${q.active} active, ${q.delayed} delayed, ${q.completed} completed, ${q.failed} failed`,
    )
    .join("; ")}.`;
  return (
    <figure role="img" aria-label={summary} style={{ height, margin: 0 }}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={queues} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
          <YAxis
            type="category"
            dataKey="name"
            width={64}
            tickLine={false}
            axisLine={false}
            tick={{ fill: "var(--text)", fontSize: 12 }}
          />
          <Tooltip cursor={{ fill: "var(--surface-2)" }} contentStyle={TOOLTIP_STYLE} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {STATES.map((s) => (
            <Bar
              key={s}
              dataKey={s}
              name={s}
              stackId="jobs"
              fill={QUEUE_STATE_COLORS[s]}
              isAnimationActive={false}
              barSize={16}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
