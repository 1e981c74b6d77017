"use client";
/**
 * Starts a simulation in a fresh Web Worker, follows its messages through runReducer, and
 * cancels by terminating the worker. A finished run is added to the session's past runs.
 */
import { useCallback, useEffect, useReducer, useRef } from "react";
import { type FinishedRun, type RunRequest, type RunState, runReducer, type WorkerMessage } from "./protocol";
import { addRun } from "./runStore";

export type StartInput =
  | { kind: "dcos"; label: string; params: Extract<RunRequest, { kind: "dcos" }>["params"] }
  | { kind: "governance"; label: string; scenario: Record<string, unknown>; seed: number | string };

export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL("./sim.worker.ts", import.meta.url), { type: "module", name: "aos-simulation" });

let counter = 0;
function newRunId(): string {
  counter += 1;
  return `run-${Date.now().toString(36)}-${counter}`;
}

export function useSimulationRunner(factory: WorkerFactory = defaultFactory) {
  const [state, dispatch] = useReducer(runReducer, { status: "idle" } as RunState);
  const workerRef = useRef<Worker | null>(null);

  const stopWorker = useCallback(() => {
    workerRef.current?.terminate();
    workerRef.current = null;
  }, []);

  // Leaving the page stops a run in progress.
  useEffect(() => stopWorker, [stopWorker]);

  useEffect(() => {
    if (state.status === "done") addRun(state.run);
    if (state.status !== "running") stopWorker();
  }, [state, stopWorker]);

  const start = useCallback(
    (input: StartInput) => {
      stopWorker();
      const id = newRunId();
      let worker: Worker;
      try {
        worker = factory();
      } catch (err) {
        dispatch({ type: "start", id, kind: input.kind, label: input.label, startedAt: Date.now() });
        dispatch({ type: "crash", message: `The simulation worker could not start: ${(err as Error).message}` });
        return;
      }
      workerRef.current = worker;
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => dispatch({ type: "message", message: event.data });
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        dispatch({ type: "crash", message: event.message || "The simulation worker stopped unexpectedly." });
      };
      dispatch({ type: "start", id, kind: input.kind, label: input.label, startedAt: Date.now() });
      const request: RunRequest =
        input.kind === "dcos"
          ? { type: "run", id, kind: "dcos", params: input.params }
          : { type: "run", id, kind: "governance", scenario: input.scenario, seed: input.seed };
      worker.postMessage(request);
    },
    [factory, stopWorker],
  );

  const cancel = useCallback(() => {
    stopWorker();
    dispatch({ type: "cancel" });
  }, [stopWorker]);

  const open = useCallback((run: FinishedRun) => {
    dispatch({ type: "open", run });
  }, []);

  return { state, start, cancel, open };
}
