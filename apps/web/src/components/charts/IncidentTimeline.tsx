"use client";
/** Incidents on a timeline: one lane per kind of incident, each point one incident. */
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { incidentLanes, niceTicks, type TimelineEvent } from "@/features/simulations/transforms";

export interface IncidentTimelineProps {
  events: TimelineEvent[];
  durationHours: number;
  /** The simulator kept only the first incidents. */
  truncated?: boolean;
}

const PALETTE = ["#dc2626", "#2563eb", "#d97706", "#059669", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#9333ea"];
const LANE = 34;

export default function IncidentTimeline({ events, durationHours, truncated }: IncidentTimelineProps) {
  const lanes = incidentLanes(events);
  if (lanes.length === 0) {
    return (
      <div className="sim-empty-chart">
        <svg className="chart-svg" width="100%" height="40" role="img" aria-label="No incidents in this run">
          <line x1="0" x2="100%" y1="20" y2="20" stroke="var(--border)" strokeWidth={2} />
        </svg>
        <p className="muted">No incidents in this run.</p>
      </div>
    );
  }
  const height = 70 + lanes.length * LANE;
  const label = `Timeline of ${events.length} incidents over ${durationHours.toFixed(1)} hours: ${lanes
    .map((l) => `${l.label} ${l.count}`)
    .join(", ")}.`;
  return (
    <figure className="sim-figure">
      <div role="img" aria-label={label} style={{ height }}>
        <ResponsiveContainer width="100%" height={height}>
          <ScatterChart margin={{ top: 8, right: 20, bottom: 28, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" horizontal={false} />
            <XAxis
              type="number"
              dataKey="hours"
              name="Time"
              domain={[0, Math.max(durationHours, 0.01)]}
              ticks={niceTicks(durationHours).filter((t) => t <= durationHours)}
              allowDataOverflow
              tickFormatter={(v: number) => `${Math.round(v * 10) / 10} h`}
              tick={{ fill: "var(--muted)", fontSize: 12 }}
              label={{
                value: "Simulated hours",
                position: "insideBottom",
                offset: -16,
                fill: "var(--muted)",
                fontSize: 12,
              }}
            />
            <YAxis
              type="number"
              dataKey="lane"
              name="Kind"
              domain={[-0.5, lanes.length - 0.5]}
              ticks={lanes.map((l) => l.lane)}
              reversed
              interval={0}
              width={Math.min(200, 16 + 7 * Math.max(...lanes.map((l) => l.label.length)))}
              tickFormatter={(v: number) => lanes[v]?.label ?? ""}
              tick={{ fill: "var(--text)", fontSize: 12 }}
            />
            <Tooltip
              isAnimationActive={false}
              cursor={{ strokeDasharray: "3 3" }}
              content={({ active, payload }) => {
                const p = payload?.[0]?.payload as { hours: number; lane: number; detail?: string } | undefined;
                if (!active || !p) return null;
                return (
                  <div className="sim-tooltip">
                    <strong>{lanes[p.lane]?.label}</strong>
                    <div>at {p.hours.toFixed(2)} h</div>
                    {p.detail ? <div className="muted">{p.detail}</div> : null}
                  </div>
                );
              }}
            />
            {lanes.map((l) => (
              <Scatter
                key={l.type}
                name={l.label}
                data={l.points}
                fill={PALETTE[l.lane % PALETTE.length]}
                fillOpacity={0.75}
                shape="diamond"
                isAnimationActive={false}
              />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">
        {lanes.map((l) => (
          <span key={l.type} className="sim-caption-item">
            <span className="sim-swatch" style={{ background: PALETTE[l.lane % PALETTE.length] }} aria-hidden />
            {l.label}: {l.count.toLocaleString("en-US")}
            {l.points.length < l.count ? ` (${l.points.length} drawn)` : ""}
          </span>
        ))}
        {truncated ? <span className="sim-caption-item">The simulator kept only the first incidents.</span> : null}
      </figcaption>
    </figure>
  );
}
