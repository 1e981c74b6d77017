/**
 * Past runs of this browser session, kept in memory (results can be megabytes, too big for
 * storage), so that they survive moving between pages but not a reload.
 */
import { useSyncExternalStore } from "react";
import type { FinishedRun } from "./protocol";

export const MAX_PAST_RUNS = 8;

let runs: FinishedRun[] = [];
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

export function addRun(run: FinishedRun): void {
  runs = [run, ...runs.filter((r) => r.id !== run.id)].slice(0, MAX_PAST_RUNS);
  emit();
}

export function removeRun(id: string): void {
  runs = runs.filter((r) => r.id !== id);
  emit();
}

export function clearRuns(): void {
  runs = [];
  emit();
}

export function getRuns(): FinishedRun[] {
  return runs;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const EMPTY: FinishedRun[] = [];

export function usePastRuns(): FinishedRun[] {
  return useSyncExternalStore(subscribe, getRuns, () => EMPTY);
}
