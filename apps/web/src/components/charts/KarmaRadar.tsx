"use client";
/**
 * An agent's karma in every dimension as a radar (0..1 on each axis). Load it with next/dynamic so
 * that recharts stays out of the route's first load.
 */
import { PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart, ResponsiveContainer, Tooltip } from "recharts";
import { AXIS_TICK, TOOLTIP_STYLE } from "./theme";

export type KarmaRadarProps = {
  /** One axis per dimension, value in 0..1. */
  data: { name: string; value: number }[];
  /** Whose karma, for the accessible name. */
  label: string;
  height?: number;
};

export default function KarmaRadar({ data, label, height = 320 }: KarmaRadarProps) {
  const top = [...data].sort((a, b) => b.value - a.value).filter((d) => d.value > 0);
  const summary =
    top.length === 0
      ? `${label}: no karma in any of ${data.length} dimensions.`
      : `${label} across ${data.length} dimensions, 0 to 1. Highest: ${top
          .slice(0, 3)
          .map((d) => `${d.name} ${d.value.toFixed(2)}`)
          .join(", ")}.`;
  return (
    <figure role="img" aria-label={summary} style={{ height, margin: 0 }}>
      <ResponsiveContainer width="100%" height={height}>
        <RadarChart data={data} outerRadius="70%" margin={{ top: 8, right: 24, bottom: 8, left: 24 }}>
          <PolarGrid stroke="var(--border)" />
          <PolarAngleAxis dataKey="name" tick={AXIS_TICK} />
          <PolarRadiusAxis domain={[0, 1]} tickCount={5} angle={90} tick={{ fill: "var(--muted)", fontSize: 10 }} />
          <Tooltip formatter={(value) => [Number(value).toFixed(2), "Karma"]} contentStyle={TOOLTIP_STYLE} />
          <Radar
            dataKey="value"
            stroke="var(--accent)"
            fill="var(--accent)"
            fillOpacity={0.3}
            isAnimationActive={false}
            dot={{ r: 2 }}
          />
        </RadarChart>
      </ResponsiveContainer>
    </figure>
  );
}
