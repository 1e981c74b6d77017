import type { DcosParams, DeepPartial } from "./params.ts";
import type { DcosResult } from "./result.ts";
import { DcosTwin } from "./twin.ts";

export interface DcosRunOptions {
  /** Called after every slice with the fraction of simulated time done. */
  readonly onProgress?: (fraction: number, simSeconds: number, events: number) => void;
  /** Simulated seconds per slice (default: 1/200 of the run). */
  readonly sliceSeconds?: number;
}

/** Builds a twin from parameters and runs it to `simHours` in slices, reporting progress. */
export function runDcos(params: DeepPartial<DcosParams> = {}, options: DcosRunOptions = {}): DcosResult {
  const twin = new DcosTwin(params);
  const end = twin.p.simHours * 3600;
  const slice = options.sliceSeconds ?? end / 200;
  for (let t = Math.min(end, slice); ; t = Math.min(end, t + slice)) {
    twin.runFor({ untilSeconds: t });
    options.onProgress?.(t / end, t, twin.sim.processed);
    if (t >= end) break;
  }
  return twin.result();
}

/** Time series of a result as CSV: one row per thermal sample, and the detection histogram below. */
export function dcosResultToCsv(result: DcosResult): string {
  const lines: string[] = [];
  const th = result.series.thermal;
  if (th) {
    lines.push(["t_seconds", ...th.load.map((_, j) => `layer${j}_thermal_load`)].join(","));
    th.times.forEach((t, i) => {
      lines.push([t, ...th.load.map((row) => row[i] ?? "")].join(","));
    });
    lines.push("");
  }
  const h = result.series.detectionHistogram;
  lines.push("detection_bin_start_seconds,observed_count,aggregate_count");
  h.observed.forEach((count, i) => {
    lines.push(`${i * h.binSeconds},${count},${h.aggregate[i] ?? 0}`);
  });
  lines.push("");
  lines.push("incident_t_seconds,kind,subject,detail");
  for (const inc of result.series.incidents)
    lines.push(`${inc.t},${inc.kind},${inc.subject},"${inc.detail.replaceAll('"', '""')}"`);
  return `${lines.join("\n")}\n`;
}
