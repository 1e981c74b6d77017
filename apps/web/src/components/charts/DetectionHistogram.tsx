"use client";
/**
 * Time from a tile's failure to its first detection (SWIM): the cells simulated message by
 * message ("observed") against the rest of the fleet (aggregate sampling), as shares of each
 * series' samples, with the theoretical first-detection time marked.
 */
import { Bar, CartesianGrid, ComposedChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type HistogramBin, histogramBins, niceTicks } from "@/features/simulations/transforms";
import { TOOLTIP_STYLE } from "./theme";

export interface DetectionHistogramProps {
  histogram: { binSeconds: number; observed: number[]; aggregate: number[] };
  /** T' / (1 - e^-1): expected first detection from the start of a protocol period. */
  theorySeconds: number;
  periodSeconds: number;
  observedMeanSeconds: number | null;
  aggregateMeanSeconds: number | null;
  height?: number;
}

const OBSERVED = "#2563eb";
const AGGREGATE = "#f59e0b";
const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
const sec = (x: number | null) => (x === null ? "none" : `${x.toFixed(2)} s`);

export default function DetectionHistogram({
  histogram,
  theorySeconds,
  periodSeconds,
  observedMeanSeconds,
  aggregateMeanSeconds,
  height = 300,
}: DetectionHistogramProps) {
  const withPhase = theorySeconds + periodSeconds / 2;
  const bins = histogramBins(histogram, withPhase + 2 * histogram.binSeconds);
  const observedN = histogram.observed.reduce((a, b) => a + b, 0);
  const aggregateN = histogram.aggregate.reduce((a, b) => a + b, 0);
  const maxX = bins.length * histogram.binSeconds;
  const label = `Histogram of detection times: ${observedN} observed detections (mean ${sec(observedMeanSeconds)}) and ${aggregateN} aggregate detections (mean ${sec(aggregateMeanSeconds)}); theory ${theorySeconds.toFixed(2)} s from a period start, ${withPhase.toFixed(2)} s with a random failure phase.`;
  return (
    <figure className="sim-figure">
      <div className="sim-legend small" aria-hidden>
        <span className="sim-caption-item">
          <span className="sim-swatch-square" style={{ background: OBSERVED }} /> Observed cells
        </span>
        <span className="sim-caption-item">
          <span className="sim-swatch-square" style={{ background: AGGREGATE }} /> Rest of the fleet (aggregate)
        </span>
      </div>
      <div role="img" aria-label={label} style={{ height }}>
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={bins} margin={{ top: 28, right: 16, bottom: 24, left: 8 }} barGap={0} barCategoryGap={1}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="mid"
              type="number"
              domain={[0, maxX]}
              ticks={niceTicks(maxX, 8).filter((t) => t <= maxX)}
              tickFormatter={(v: number) => `${v}`}
              tick={{ fill: "var(--muted)", fontSize: 12 }}
              label={{
                value: "Seconds from failure to first detection",
                position: "insideBottom",
                offset: -14,
                fill: "var(--muted)",
                fontSize: 12,
              }}
            />
            <YAxis
              tickFormatter={pct}
              tick={{ fill: "var(--muted)", fontSize: 12 }}
              width={48}
              label={{
                value: "Share of detections",
                angle: -90,
                position: "insideLeft",
                offset: 4,
                fill: "var(--muted)",
                fontSize: 12,
                dy: 60,
              }}
            />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(_, payload) => {
                const b = payload?.[0]?.payload as HistogramBin | undefined;
                return b ? `${b.start.toFixed(1)}–${b.end.toFixed(1)} s` : "";
              }}
              formatter={(value, name, item) => {
                const b = item.payload as HistogramBin;
                const count = name === "Observed cells" ? b.observed : b.aggregate;
                return [`${pct(Number(value))} (${count})`, name];
              }}
              contentStyle={TOOLTIP_STYLE}
            />
            <Bar dataKey="observedShare" name="Observed cells" fill={OBSERVED} isAnimationActive={false} />
            <Bar
              dataKey="aggregateShare"
              name="Rest of the fleet (aggregate)"
              fill={AGGREGATE}
              isAnimationActive={false}
            />
            <ReferenceLine
              x={theorySeconds}
              stroke="var(--text)"
              strokeWidth={2}
              label={{
                value: `theory ${theorySeconds.toFixed(2)} s`,
                position: "top",
                fill: "var(--text)",
                fontSize: 12,
              }}
            />
            <ReferenceLine
              x={withPhase}
              stroke="var(--text)"
              strokeDasharray="5 4"
              label={{
                value: `+ random phase ${withPhase.toFixed(2)} s`,
                position: "insideTopRight",
                fill: "var(--muted)",
                fontSize: 11,
                dy: 12,
              }}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">
        Observed: {observedN} detections, mean {sec(observedMeanSeconds)}. Aggregate: {aggregateN} detections, mean{" "}
        {sec(aggregateMeanSeconds)}. Solid line: T′/(1 − e⁻¹) = {theorySeconds.toFixed(2)} s from the start of a
        protocol period; dashed: plus half a period ({withPhase.toFixed(2)} s), the expectation when failures strike at
        a random moment.
      </figcaption>
    </figure>
  );
}
