"use client";
/**
 * Thermal load of each layer over time as a heatmap (layers x samples), with its colour scale,
 * the threshold marked on the legend, and per-layer figures as a text alternative.
 */
import { useMemo } from "react";
import { heatColor, heatmapCells, heatmapScale, legendTicks, scalePosition } from "@/features/simulations/transforms";

export interface ThermalHeatmapProps {
  thermal: { times: number[]; load: number[][] };
  threshold: number;
  /** Per layer, from the run's summary. */
  hoursAboveThreshold?: number[];
  maxLoad?: number[];
  simHours: number;
}

const W = 760;
const LEFT = 64;
const RIGHT = 12;
const ROW = 34;
const TOP = 8;
const AXIS = 30;
const LEGEND = 72;

function hourTicks(total: number): number[] {
  const steps = [0.25, 0.5, 1, 2, 3, 6, 12, 24, 48];
  const step = steps.find((s) => total / s <= 8) ?? Math.ceil(total / 8);
  const out: number[] = [];
  for (let t = 0; t <= total + 1e-9; t += step) out.push(Math.round(t * 100) / 100);
  return out;
}

export default function ThermalHeatmap({
  thermal,
  threshold,
  hoursAboveThreshold,
  maxLoad,
  simHours,
}: ThermalHeatmapProps) {
  const cells = useMemo(() => heatmapCells(thermal), [thermal]);
  const scale = useMemo(() => heatmapScale(thermal.load, threshold), [thermal, threshold]);
  const layers = thermal.load.length;
  const plotW = W - LEFT - RIGHT;
  const plotH = layers * ROW;
  const H = TOP + plotH + AXIS + LEGEND;
  const x = (hours: number) => LEFT + (Math.min(hours, simHours) / simHours) * plotW;
  const legendW = Math.min(360, plotW);
  const legendX = LEFT;
  const legendY = TOP + plotH + AXIS + 14;
  const gradientId = "thermal-scale";
  const peak = Math.max(...thermal.load.flat());
  const label = `Heatmap of thermal load for ${layers} layers over ${simHours} simulated hours; colour from ${scale.min.toFixed(2)} (cool) to ${scale.max.toFixed(2)} (hot), threshold ${threshold}; peak load ${peak.toFixed(3)}.`;
  return (
    <figure className="sim-figure">
      <svg className="chart-svg" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label}>
        <defs>
          <linearGradient id={gradientId} x1="0" x2="1" y1="0" y2="0">
            {Array.from({ length: 11 }, (_, i) => {
              const v = scale.min + ((scale.max - scale.min) * i) / 10;
              return <stop key={v} offset={`${i * 10}%`} stopColor={heatColor(v, scale)} />;
            })}
          </linearGradient>
        </defs>
        {cells.map((c) => (
          <rect
            key={`${c.layer}-${c.sample}`}
            x={x(c.t0)}
            y={TOP + c.layer * ROW}
            width={Math.max(0.5, x(c.t1) - x(c.t0) + 0.3)}
            height={ROW - 2}
            fill={heatColor(c.value, scale)}
          >
            <title>{`Layer ${c.layer}, ${c.t0.toFixed(2)}–${c.t1.toFixed(2)} h: load ${c.value.toFixed(3)}${c.value > threshold ? " (above threshold)" : ""}`}</title>
          </rect>
        ))}
        {thermal.load.map((_, layer) => (
          <text
            // biome-ignore lint/suspicious/noArrayIndexKey: layers are positional
            key={layer}
            x={LEFT - 8}
            y={TOP + layer * ROW + ROW / 2}
            textAnchor="end"
            dominantBaseline="middle"
            className="chart-label"
          >
            Layer {layer}
          </text>
        ))}
        {hourTicks(simHours).map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={TOP + plotH} y2={TOP + plotH + 4} stroke="currentColor" />
            <text x={x(t)} y={TOP + plotH + 16} textAnchor="middle" className="chart-label">
              {t} h
            </text>
          </g>
        ))}
        <rect x={legendX} y={legendY} width={legendW} height={12} fill={`url(#${gradientId})`} rx={2} />
        {legendTicks(scale).map((v, i) => (
          <text
            key={v}
            x={legendX + scalePosition(v, scale) * legendW}
            y={legendY + 26}
            textAnchor="middle"
            className="chart-label"
          >
            {i === 0 && scale.min > 0 ? `≤ ${v.toFixed(2)}` : v.toFixed(2)}
          </text>
        ))}
        <line
          x1={legendX + scalePosition(threshold, scale) * legendW}
          x2={legendX + scalePosition(threshold, scale) * legendW}
          y1={legendY - 4}
          y2={legendY + 16}
          stroke="var(--text)"
          strokeWidth={3}
        />
        <text x={legendX} y={legendY + 44} className="chart-label">
          Load = heat ÷ rejection capacity · black bar: threshold {threshold}
        </text>
      </svg>
      {maxLoad ? (
        <figcaption className="muted small">
          {thermal.load.map((_, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: layers are positional
            <span key={j} className="sim-caption-item">
              Layer {j}: peak {(maxLoad[j] ?? 0).toFixed(3)}, {(hoursAboveThreshold?.[j] ?? 0).toFixed(2)} h above the
              threshold
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
