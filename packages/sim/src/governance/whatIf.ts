/**
 * What-if analysis: a parameter grid (the Cartesian product of axes over scenario fields,
 * governance parameters included) times N seeds. Every grid point runs the same seeds
 * (common random numbers), so differences between points are not seed noise.
 */
import { type MeanCi, meanCi } from "./metrics.ts";
import { type ResolvedScenario, ScenarioError, withOverride } from "./scenario.ts";
import { type GovernanceCharts, type GovernanceMetrics, runGovernanceSimulation } from "./simulate.ts";

export type GridValue = number | string | boolean;

export interface GridAxis {
  /** Dotted path of a scenario field, e.g. "malicious.fraction" or "governance.voting.quorumBps". */
  key: string;
  values: GridValue[];
}

export class GridSpecError extends Error {
  override name = "GridSpecError";
}

/** Parses "key=v1,v2,..." (values as JSON where they parse, else strings). */
export function parseGridAxis(spec: string): GridAxis {
  const eq = spec.indexOf("=");
  if (eq <= 0 || eq === spec.length - 1) {
    throw new GridSpecError(`--grid ${JSON.stringify(spec)}: expected key=value1,value2,...`);
  }
  const key = spec.slice(0, eq).trim();
  const values = spec
    .slice(eq + 1)
    .split(",")
    .map((raw) => raw.trim())
    .filter((raw) => raw.length > 0)
    .map((raw): GridValue => {
      try {
        const v: unknown = JSON.parse(raw);
        if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
      } catch {
        // not JSON: a bare string
      }
      return raw;
    });
  if (values.length === 0) throw new GridSpecError(`--grid ${key}: no values`);
  return { key, values };
}

/** Every combination of the axes, in row-major order (the first axis varies slowest). */
export function expandGrid(axes: readonly GridAxis[]): Record<string, GridValue>[] {
  let points: Record<string, GridValue>[] = [{}];
  for (const axis of axes) {
    const next: Record<string, GridValue>[] = [];
    for (const p of points) for (const v of axis.values) next.push({ ...p, [axis.key]: v });
    points = next;
  }
  return points;
}

/** Applies a grid point to a scenario; a bad key or value raises ScenarioError naming it. */
export function applyGridPoint(scenario: ResolvedScenario, point: Record<string, GridValue>): ResolvedScenario {
  let s = scenario;
  for (const [key, value] of Object.entries(point)) {
    try {
      s = withOverride(s, key, value);
    } catch (err) {
      if (err instanceof ScenarioError) throw new GridSpecError(`--grid ${key}=${String(value)}: ${err.message}`);
      throw err;
    }
  }
  return s;
}

/** Metrics summarised per grid point (all numeric fields of GovernanceMetrics). */
export type MetricName = keyof GovernanceMetrics;

export interface WhatIfPoint {
  index: number;
  params: Record<string, GridValue>;
  metrics: Record<MetricName, MeanCi>;
  runs: { seed: number; metrics: GovernanceMetrics }[];
  /** Charts of the first seed of this point, when requested. */
  charts?: GovernanceCharts;
}

export interface WhatIfResult {
  scenario: string;
  baseSeed: number;
  seeds: number;
  grid: GridAxis[];
  points: WhatIfPoint[];
  wallSeconds: number;
}

export interface WhatIfOptions {
  scenario: ResolvedScenario;
  grid?: GridAxis[];
  seeds?: number;
  baseSeed?: number;
  /** Keep the charts of the first seed of each grid point. */
  charts?: boolean;
  /** Fraction of all runs done, and a label for the run in progress. */
  onProgress?: (fraction: number, label: string) => void;
}

/** Runs every grid point with seeds baseSeed, baseSeed+1, ...; yields to the event loop between runs. */
export async function runWhatIf(options: WhatIfOptions): Promise<WhatIfResult> {
  const grid = options.grid ?? [];
  const seeds = options.seeds ?? 1;
  const baseSeed = options.baseSeed ?? 1;
  const started = performance.now();
  const points = expandGrid(grid);
  const scenarios = points.map((p) => applyGridPoint(options.scenario, p));
  const totalRuns = points.length * seeds;
  const out: WhatIfPoint[] = [];
  let done = 0;
  for (let pi = 0; pi < points.length; pi++) {
    const params = points[pi] as Record<string, GridValue>;
    const scenario = scenarios[pi] as ResolvedScenario;
    const runs: WhatIfPoint["runs"] = [];
    let charts: GovernanceCharts | undefined;
    for (let k = 0; k < seeds; k++) {
      const seed = baseSeed + k;
      const label = `${describePoint(params)} seed ${seed}`;
      const result = runGovernanceSimulation(scenario, {
        seed,
        charts: options.charts === true && k === 0,
        onProgress: (f) => options.onProgress?.((done + f) / totalRuns, label),
      });
      done++;
      runs.push({ seed, metrics: result.metrics });
      if (result.charts !== undefined) charts = result.charts;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const first = runs[0]?.metrics;
    const metrics = {} as Record<MetricName, MeanCi>;
    if (first !== undefined) {
      for (const name of Object.keys(first) as MetricName[]) {
        metrics[name] = meanCi(runs.map((r) => r.metrics[name]));
      }
    }
    const point: WhatIfPoint = { index: pi, params, metrics, runs };
    if (charts !== undefined) point.charts = charts;
    out.push(point);
  }
  return {
    scenario: options.scenario.name,
    baseSeed,
    seeds,
    grid,
    points: out,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

export function describePoint(params: Record<string, GridValue>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length === 0 ? "base" : parts.join(" ");
}

function csvCell(v: string | number): string {
  const s = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : v;
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One row per grid point: the grid values, then mean, ci_low, ci_high of every metric. */
export function whatIfToCsv(result: WhatIfResult): string {
  const keys = result.grid.map((a) => a.key);
  const first = result.points[0];
  const metricNames = first === undefined ? [] : (Object.keys(first.metrics) as MetricName[]);
  const header = ["point", ...keys, "seeds"];
  for (const m of metricNames) header.push(`${m}_mean`, `${m}_ci_low`, `${m}_ci_high`);
  const lines = [header.map(csvCell).join(",")];
  for (const p of result.points) {
    const row: (string | number)[] = [p.index, ...keys.map((k) => String(p.params[k])), p.runs.length];
    for (const m of metricNames) {
      const s = p.metrics[m];
      row.push(s.mean, s.ciLow, s.ciHigh);
    }
    lines.push(row.map(csvCell).join(","));
  }
  return `${lines.join("\n")}\n`;
}
