"use client";
/**
 * A proposal's tallies as three horizontal bars (for, against, abstain). Load it with
 * next/dynamic so that recharts stays out of the route's first load.
 */
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { TOOLTIP_STYLE } from "./theme";

export type VoteBarsProps = {
  /** What is counted ("Reputation votes", "Human votes"), for the accessible name. */
  label: string;
  forVotes: number;
  against: number;
  abstain: number;
  /** How values are written (two decimals for power, whole numbers for humans). */
  format?: (value: number) => string;
  height?: number;
};

const COLORS = { For: "var(--good)", Against: "var(--bad)", Abstain: "var(--muted)" } as const;

export default function VoteBars({
  label,
  forVotes,
  against,
  abstain,
  format = (v) => (v === 0 ? "0" : v.toFixed(2)),
  height = 140,
}: VoteBarsProps) {
  const data = [
    { name: "For", value: forVotes },
    { name: "Against", value: against },
    { name: "Abstain", value: abstain },
  ] as const;
  const summary = `${label}: for ${format(forVotes)}, against ${format(against)}, abstain ${format(abstain)}.`;
  const max = Math.max(forVotes, against, abstain);
  return (
    <figure className="vote-bars" role="img" aria-label={summary} style={{ height, margin: 0 }}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={[...data]} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 4 }}>
          <XAxis type="number" hide domain={[0, max > 0 ? max : 1]} />
          <YAxis
            type="category"
            dataKey="name"
            width={64}
            tickLine={false}
            axisLine={false}
            tick={{ fill: "var(--muted)", fontSize: 13 }}
          />
          <Tooltip
            cursor={{ fill: "var(--surface-2)" }}
            formatter={(value) => [format(Number(value)), "Votes"]}
            contentStyle={TOOLTIP_STYLE}
          />
          <Bar
            dataKey="value"
            isAnimationActive={false}
            radius={[0, 4, 4, 0]}
            barSize={18}
            minPointSize={2}
            label={{
              position: "right",
              fill: "var(--text)",
              fontSize: 12,
              formatter: (v: unknown) => format(Number(v)),
            }}
          >
            {data.map((d) => (
              <Cell key={d.name} fill={COLORS[d.name]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
