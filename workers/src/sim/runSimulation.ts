/**
 * Runs a simulation task in slices: progress after each slice, a checkpoint every few seconds
 * of wall time (kept in Redis by the caller, so another worker can take over), and a resume
 * from the last checkpoint that ends bit-identical to an uninterrupted run.
 */

import type { DcosSummary } from "@aos/sim";
import { type DcosCheckpoint, type DcosParams, DcosTwin } from "@aos/sim";

export interface SimulationHooks {
  /** A checkpoint to resume from, if an earlier attempt left one. */
  readonly resumeFrom?: DcosCheckpoint;
  readonly onProgress?: (fraction: number) => Promise<void> | void;
  readonly saveCheckpoint?: (checkpoint: DcosCheckpoint) => Promise<void>;
  /** Wall-clock milliseconds between checkpoints. */
  readonly checkpointEveryMs?: number;
  /** Simulated seconds per slice; default 1/50 of the run. */
  readonly sliceSeconds?: number;
}

export async function runSimulation(params: DcosParams, hooks: SimulationHooks = {}): Promise<DcosSummary> {
  const twin = hooks.resumeFrom ? DcosTwin.fromCheckpoint(hooks.resumeFrom) : new DcosTwin(params);
  const end = twin.p.simHours * 3600;
  const slice = hooks.sliceSeconds ?? end / 50;
  const every = hooks.checkpointEveryMs ?? 2000;
  let lastCheckpoint = Date.now();
  let t = twin.sim.now;
  while (t < end) {
    t = Math.min(end, t + slice);
    twin.runFor({ untilSeconds: t });
    await hooks.onProgress?.(t / end);
    if (hooks.saveCheckpoint && t < end && Date.now() - lastCheckpoint >= every) {
      await hooks.saveCheckpoint(twin.checkpoint());
      lastCheckpoint = Date.now();
    }
  }
  return twin.result().summary;
}
