/**
 * Simulation results to chart data, as pure functions (tested without a browser): the thermal
 * matrix to heatmap cells and a colour scale, the detection histogram to bins with shares,
 * incidents to timeline lanes, and proposals to decision-flow rows with their latencies.
 */
import type { DcosSeries } from "@aos/sim/dcos/result.ts";
import type { ProposalRecord } from "@aos/sim/governance/simulate.ts";

const HOUR = 3600;

// ---------------------------------------------------------------------------------------------
// Thermal heatmap
// ---------------------------------------------------------------------------------------------

export interface HeatCell {
  layer: number;
  sample: number;
  /** Start and end of the cell, hours. */
  t0: number;
  t1: number;
  value: number;
}

export interface ColorScale {
  min: number;
  max: number;
  threshold: number;
}

/** Cells of the layers x time matrix; a sample covers the time up to the next one. */
export function heatmapCells(thermal: NonNullable<DcosSeries["thermal"]>): HeatCell[] {
  const { times, load } = thermal;
  const step = times.length > 1 ? (times[1] as number) - (times[0] as number) : HOUR;
  const cells: HeatCell[] = [];
  load.forEach((row, layer) => {
    row.forEach((value, sample) => {
      const t = times[sample] ?? sample * step;
      const next = times[sample + 1] ?? t + step;
      cells.push({ layer, sample, t0: t / HOUR, t1: next / HOUR, value });
    });
  });
  return cells;
}

/**
 * A domain that shows the spread of the loads and always contains the threshold. Its low end is
 * the 5th percentile (the warm-up from zero at the start would otherwise wash out everything
 * else); lower values take the coolest colour, and the legend says "or less".
 */
export function heatmapScale(load: number[][], threshold: number): ColorScale {
  const values = load
    .flat()
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (values.length === 0) return { min: 0, max: Math.max(1, threshold), threshold };
  const lo = values[Math.floor(values.length * 0.05)] as number;
  const hi = values[values.length - 1] as number;
  const min = Math.max(0, Math.floor(Math.min(lo, threshold - 0.1) * 10) / 10);
  const max = Math.ceil(Math.max(hi, threshold + 0.05) * 20) / 20;
  return { min, max: max > min ? max : min + 0.1, threshold };
}

/** Stops of a sequential scale, cool to hot (readable in light and dark themes). */
export const HEAT_STOPS: readonly [number, number, number][] = [
  [37, 52, 148],
  [44, 127, 184],
  [65, 182, 196],
  [254, 224, 139],
  [244, 109, 67],
  [165, 0, 38],
];

/** Position of a value on the scale, 0..1 (clamped). */
export function scalePosition(value: number, scale: ColorScale): number {
  if (!Number.isFinite(value)) return 0;
  return Math.max(0, Math.min(1, (value - scale.min) / (scale.max - scale.min)));
}

export function heatColor(value: number, scale: ColorScale): string {
  const pos = scalePosition(value, scale) * (HEAT_STOPS.length - 1);
  const i = Math.min(HEAT_STOPS.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = HEAT_STOPS[i] as [number, number, number];
  const b = HEAT_STOPS[i + 1] as [number, number, number];
  const mix = (k: number) => Math.round((a[k] as number) + ((b[k] as number) - (a[k] as number)) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** Evenly spaced legend ticks over the domain (plus the threshold, marked separately). */
export function legendTicks(scale: ColorScale, count = 5): number[] {
  return Array.from({ length: count }, (_, i) => scale.min + ((scale.max - scale.min) * i) / (count - 1));
}

/** Round tick values from 0 up to `max` (about `count` of them), for time axes. */
export function niceTicks(max: number, count = 6): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step * 1e-9; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks;
}

// ---------------------------------------------------------------------------------------------
// Detection histogram
// ---------------------------------------------------------------------------------------------

export interface HistogramBin {
  /** Bin start and middle, seconds. */
  start: number;
  mid: number;
  end: number;
  observed: number;
  aggregate: number;
  /** Shares of each series' samples, so the two can be compared despite their sizes. */
  observedShare: number;
  aggregateShare: number;
}

/**
 * Bins of the detection histogram up to the last non-empty one (and at least up to `showUntil`
 * seconds, e.g. past the theoretical time), with each series as a share of its samples.
 */
export function histogramBins(h: DcosSeries["detectionHistogram"], showUntil = 0): HistogramBin[] {
  const n = Math.max(h.observed.length, h.aggregate.length);
  const obsTotal = h.observed.reduce((a, b) => a + b, 0);
  const aggTotal = h.aggregate.reduce((a, b) => a + b, 0);
  let last = -1;
  for (let i = 0; i < n; i++) if ((h.observed[i] ?? 0) > 0 || (h.aggregate[i] ?? 0) > 0) last = i;
  const minBins = Math.ceil(showUntil / h.binSeconds);
  const bins = Math.min(n, Math.max(last + 2, minBins + 1, 1));
  return Array.from({ length: bins }, (_, i) => {
    const observed = h.observed[i] ?? 0;
    const aggregate = h.aggregate[i] ?? 0;
    return {
      start: i * h.binSeconds,
      mid: (i + 0.5) * h.binSeconds,
      end: (i + 1) * h.binSeconds,
      observed,
      aggregate,
      observedShare: obsTotal > 0 ? observed / obsTotal : 0,
      aggregateShare: aggTotal > 0 ? aggregate / aggTotal : 0,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Incidents timeline
// ---------------------------------------------------------------------------------------------

export interface TimelineEvent {
  /** Seconds. */
  t: number;
  type: string;
  detail?: string;
}

export interface TimelineLane {
  type: string;
  label: string;
  /** Lane index from the top (0). */
  lane: number;
  count: number;
  /** Points of this lane (hours); thinned evenly past `maxPerLane`. */
  points: { hours: number; lane: number; detail?: string }[];
}

const INCIDENT_LABELS: Record<string, string> = {
  cell_failure: "Cell lost",
  cluster_failure: "Cluster lost",
  data_loss: "Stripe lost (data loss)",
  radiator_dip: "Radiator dip",
  swim_false_positive: "False failure (SWIM)",
  harmful_defeated: "Harmful proposal defeated",
  harmful_vetoed: "Harmful request vetoed",
  malicious_identity_detected: "Malicious identity detected",
  spam_rejected: "Spam rejected",
  false_veto: "Good request vetoed",
  liveness_lost: "Vote without quorum",
  partition_start: "Partition starts",
  partition_end: "Partition ends",
  new_skill_domain: "New skill domain",
  safety_violation_harmful_executed: "Harmful action executed",
  safety_violation_good_blocked: "Good proposal blocked",
};

export function incidentLabel(type: string): string {
  return INCIDENT_LABELS[type] ?? type.replaceAll("_", " ").replace(/^\w/, (c) => c.toUpperCase());
}

/** One lane per incident type, busiest first; every lane keeps its true count. */
export function incidentLanes(events: TimelineEvent[], maxPerLane = 600): TimelineLane[] {
  const byType = new Map<string, TimelineEvent[]>();
  for (const e of events) {
    const list = byType.get(e.type);
    if (list) list.push(e);
    else byType.set(e.type, [e]);
  }
  const types = [...byType.keys()].sort(
    (a, b) => (byType.get(b)?.length ?? 0) - (byType.get(a)?.length ?? 0) || a.localeCompare(b),
  );
  return types.map((type, lane) => {
    const list = (byType.get(type) ?? []).slice().sort((a, b) => a.t - b.t);
    const stride = list.length > maxPerLane ? list.length / maxPerLane : 1;
    const points: TimelineLane["points"] = [];
    for (let k = 0; k < list.length && points.length < maxPerLane; k++) {
      const e = list[Math.floor(k * stride)];
      if (e === undefined) break;
      points.push({ hours: e.t / HOUR, lane, ...(e.detail ? { detail: e.detail } : {}) });
    }
    return { type, label: incidentLabel(type), lane, count: list.length, points };
  });
}

// ---------------------------------------------------------------------------------------------
// Decision flow and latency
// ---------------------------------------------------------------------------------------------

export type Outcome = "executed" | "vetoed" | "defeated" | "expired" | "open";

export interface DecisionRow {
  id: number;
  kind: ProposalRecord["kind"];
  harmful: boolean;
  outcome: Outcome;
  /** Hours since the start of the run. */
  submittedHours: number;
  /** Hours from submission to the final state (null while open). */
  latencyHours: number | null;
  /** Time in each stage, hours: waiting to open, voting, in the timelock until the end. */
  pendingHours: number;
  votingHours: number;
  timelockHours: number;
  noQuorum: boolean;
}

const finite = (x: number) => Number.isFinite(x);

export function outcomeOf(state: ProposalRecord["state"]): Outcome {
  if (state === "executed" || state === "vetoed" || state === "defeated" || state === "expired") return state;
  return "open";
}

export function decisionFlowRows(records: ProposalRecord[]): DecisionRow[] {
  return records.map((p) => {
    const outcome = outcomeOf(p.state);
    const end = finite(p.finalAt) ? p.finalAt : null;
    const voteEnds = p.kind === "agent_request" ? p.createdAt : p.voteEnd;
    return {
      id: p.id,
      kind: p.kind,
      harmful: p.harmful,
      outcome,
      submittedHours: p.createdAt / HOUR,
      latencyHours: end === null ? null : (end - p.createdAt) / HOUR,
      pendingHours: Math.max(0, p.activeAt - p.createdAt) / HOUR,
      votingHours: Math.max(0, Math.min(end ?? voteEnds, voteEnds) - p.activeAt) / HOUR,
      timelockHours: finite(p.queuedAt) && end !== null ? Math.max(0, end - p.queuedAt) / HOUR : 0,
      noQuorum: p.noQuorum,
    };
  });
}

export interface DecisionFlow {
  submitted: number;
  /** Went through a vote (agent requests go straight to the timelock). */
  voted: number;
  agentRequests: number;
  passedVote: number;
  defeated: number;
  noQuorum: number;
  queued: number;
  executed: number;
  vetoed: number;
  expired: number;
  open: number;
}

const PASSED_STATES = new Set<ProposalRecord["state"]>(["succeeded", "queued", "executed", "vetoed", "expired"]);

export function decisionFlow(records: ProposalRecord[]): DecisionFlow {
  const f: DecisionFlow = {
    submitted: records.length,
    voted: 0,
    agentRequests: 0,
    passedVote: 0,
    defeated: 0,
    noQuorum: 0,
    queued: 0,
    executed: 0,
    vetoed: 0,
    expired: 0,
    open: 0,
  };
  for (const p of records) {
    if (p.kind === "agent_request") f.agentRequests++;
    else {
      f.voted++;
      if (p.state === "defeated") {
        f.defeated++;
        if (p.noQuorum) f.noQuorum++;
      } else if (PASSED_STATES.has(p.state)) f.passedVote++;
    }
    if (finite(p.queuedAt)) f.queued++;
    const o = outcomeOf(p.state);
    if (o === "executed") f.executed++;
    else if (o === "vetoed") f.vetoed++;
    else if (o === "expired") f.expired++;
    else if (o === "open") f.open++;
  }
  return f;
}

/** Nearest-rank percentile of a sorted list (null when empty). */
export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

export interface LatencySummary {
  outcome: Outcome;
  count: number;
  p50Hours: number | null;
  p90Hours: number | null;
  maxHours: number | null;
}

export const OUTCOME_ORDER: Outcome[] = ["executed", "vetoed", "defeated", "expired", "open"];

export function latencyByOutcome(rows: DecisionRow[]): LatencySummary[] {
  return OUTCOME_ORDER.map((outcome) => {
    const lat = rows
      .filter((r) => r.outcome === outcome && r.latencyHours !== null)
      .map((r) => r.latencyHours as number)
      .sort((a, b) => a - b);
    const count = rows.filter((r) => r.outcome === outcome).length;
    return {
      outcome,
      count,
      p50Hours: quantile(lat, 0.5),
      p90Hours: quantile(lat, 0.9),
      maxHours: lat.length > 0 ? (lat[lat.length - 1] as number) : null,
    };
  }).filter((s) => s.count > 0);
}
