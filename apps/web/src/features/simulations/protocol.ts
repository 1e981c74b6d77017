/**
 * The protocol between the page and the simulation worker, as pure functions:
 *
 *   page -> worker   { type: "run", id, kind: "dcos", params } | { type: "run", id, kind: "governance", scenario, seed }
 *   worker -> page   { type: "progress", id, phase, fraction, simSeconds, events }   (many)
 *                    { type: "result", id, result }                                 (once, at the end)
 *                    { type: "error", id, error: { name, field, message } }         (instead of a result)
 *
 * Cancel is the page terminating the worker (a run is one synchronous loop, so a message would
 * only be read after it ends); the reducer then records the run as cancelled.
 *
 * `handleRunRequest` does the worker's part with its dependencies passed in, so that it is
 * tested without a Worker; sim.worker.ts wires it to the simulators and postMessage.
 */
import type { DcosParams, DeepPartial } from "@aos/sim/dcos/params.ts";
import type { DcosResult } from "@aos/sim/dcos/result.ts";
import type { ResolvedScenario } from "@aos/sim/governance/scenario.ts";
import type { GovernanceRunResult } from "@aos/sim/governance/simulate.ts";
import type { NetworkLayout } from "./layout";

export type RunRequest =
  | { type: "run"; id: string; kind: "dcos"; params: DeepPartial<DcosParams> }
  | { type: "run"; id: string; kind: "governance"; scenario: Record<string, unknown>; seed: number | string };

export type ProgressPhase = "simulating" | "layout";

export interface ProgressInfo {
  phase: ProgressPhase;
  /** Share of the simulated time done, 0..1. */
  fraction: number;
  /** Simulated seconds done. */
  simSeconds: number;
  /** Discrete events processed so far (the DCOS twin counts them; the governance run does not). */
  events: number | null;
}

export interface SimError {
  /** The error's class: DcosParamError, ScenarioError, or another Error. */
  name: string;
  /** The parameter path a parameter error names (DcosParamError.option, ScenarioError.field). */
  field: string | null;
  message: string;
}

export interface DcosRun {
  kind: "dcos";
  result: DcosResult;
}

export interface GovernanceRun {
  kind: "governance";
  result: GovernanceRunResult;
  /** The reputation network laid out once, in the worker. */
  network: NetworkLayout | null;
  durationTicks: number;
  tickSeconds: number;
}

export type SimOutcome = DcosRun | GovernanceRun;

export type WorkerMessage =
  | ({ type: "progress"; id: string } & ProgressInfo)
  | { type: "result"; id: string; outcome: SimOutcome; wallMs: number }
  | { type: "error"; id: string; error: SimError };

export interface WorkerDeps {
  post: (message: WorkerMessage) => void;
  now: () => number;
  runDcos: (
    params: DeepPartial<DcosParams>,
    options: { onProgress: (fraction: number, simSeconds: number, events: number) => void },
  ) => DcosResult;
  resolveScenario: (input: unknown, source?: string) => ResolvedScenario;
  runGovernance: (
    scenario: ResolvedScenario,
    options: { seed: number | string; onProgress: (fraction: number) => void },
  ) => GovernanceRunResult;
  layoutNetwork: (network: NonNullable<GovernanceRunResult["charts"]>["reputationNetwork"]) => NetworkLayout;
}

/** An error as data: the class name and the parameter it names survive postMessage. */
export function toSimError(err: unknown): SimError {
  if (err instanceof Error) {
    const named = err as Error & { option?: unknown; field?: unknown };
    const field =
      typeof named.option === "string" ? named.option : typeof named.field === "string" ? named.field : null;
    return { name: err.name || "Error", field, message: err.message };
  }
  return { name: "Error", field: null, message: String(err) };
}

/**
 * The governance run reports only a fraction: 95% spread over the ticks, then the drain (every
 * open proposal reaching its final state). Simulated time is read back from it.
 */
export function governanceSimSeconds(fraction: number, durationTicks: number, tickSeconds: number): number {
  return Math.min(1, fraction / 0.95) * durationTicks * tickSeconds;
}

export function handleRunRequest(req: RunRequest, deps: WorkerDeps): void {
  const started = deps.now();
  const { id } = req;
  try {
    if (req.kind === "dcos") {
      const result = deps.runDcos(req.params, {
        onProgress: (fraction, simSeconds, events) =>
          deps.post({ type: "progress", id, phase: "simulating", fraction, simSeconds, events }),
      });
      deps.post({ type: "result", id, outcome: { kind: "dcos", result }, wallMs: deps.now() - started });
      return;
    }
    const scenario = deps.resolveScenario(req.scenario, "scenario");
    const { durationTicks, tickSeconds } = scenario;
    const result = deps.runGovernance(scenario, {
      seed: req.seed,
      onProgress: (fraction) =>
        deps.post({
          type: "progress",
          id,
          phase: "simulating",
          fraction,
          simSeconds: governanceSimSeconds(fraction, durationTicks, tickSeconds),
          events: null,
        }),
    });
    let network: NetworkLayout | null = null;
    if (result.charts) {
      deps.post({
        type: "progress",
        id,
        phase: "layout",
        fraction: 1,
        simSeconds: result.metrics.simulatedHours * 3600,
        events: null,
      });
      network = deps.layoutNetwork(result.charts.reputationNetwork);
    }
    deps.post({
      type: "result",
      id,
      outcome: { kind: "governance", result, network, durationTicks, tickSeconds },
      wallMs: deps.now() - started,
    });
  } catch (err) {
    deps.post({ type: "error", id, error: toSimError(err) });
  }
}

// ---------------------------------------------------------------------------------------------
// The page's side: a reducer over the worker's messages and the user's start and cancel.
// ---------------------------------------------------------------------------------------------

export interface FinishedRun {
  id: string;
  kind: "dcos" | "governance";
  label: string;
  startedAt: number;
  wallMs: number;
  outcome: SimOutcome;
}

export type RunState =
  | { status: "idle" }
  | {
      status: "running";
      id: string;
      kind: "dcos" | "governance";
      label: string;
      startedAt: number;
      progress: ProgressInfo;
    }
  | { status: "done"; run: FinishedRun }
  | { status: "error"; id: string; kind: "dcos" | "governance"; error: SimError }
  | { status: "cancelled"; id: string; kind: "dcos" | "governance"; progress: ProgressInfo };

export type RunAction =
  | { type: "start"; id: string; kind: "dcos" | "governance"; label: string; startedAt: number }
  | { type: "message"; message: WorkerMessage }
  | { type: "cancel" }
  | { type: "crash"; message: string }
  | { type: "open"; run: FinishedRun };

export const NO_PROGRESS: ProgressInfo = { phase: "simulating", fraction: 0, simSeconds: 0, events: null };

export function runReducer(state: RunState, action: RunAction): RunState {
  switch (action.type) {
    case "start":
      return {
        status: "running",
        id: action.id,
        kind: action.kind,
        label: action.label,
        startedAt: action.startedAt,
        progress: NO_PROGRESS,
      };
    case "open":
      return { status: "done", run: action.run };
    case "cancel":
      if (state.status !== "running") return state;
      return { status: "cancelled", id: state.id, kind: state.kind, progress: state.progress };
    case "crash":
      if (state.status !== "running") return state;
      return {
        status: "error",
        id: state.id,
        kind: state.kind,
        error: { name: "WorkerError", field: null, message: action.message },
      };
    case "message": {
      const m = action.message;
      // Messages of an older (cancelled or replaced) run are ignored.
      if (state.status !== "running" || m.id !== state.id) return state;
      if (m.type === "progress") {
        const { phase, fraction, simSeconds, events } = m;
        return { ...state, progress: { phase, fraction, simSeconds, events } };
      }
      if (m.type === "error") return { status: "error", id: state.id, kind: state.kind, error: m.error };
      return {
        status: "done",
        run: {
          id: state.id,
          kind: state.kind,
          label: state.label,
          startedAt: state.startedAt,
          wallMs: m.wallMs,
          outcome: m.outcome,
        },
      };
    }
  }
}
