"use client";
/**
 * Proofs from the page: `prove(input)` hands the work to the proof worker and resolves with the
 * proof shaped for the contracts, while `progress` follows the worker (downloading the circuit
 * n%, building the group, proving, done). The main thread only relays messages.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import {
  describeStage,
  overallProgress,
  ProofError,
  type ProofStage,
  type ProofTimings,
  type ProveInput,
  type SolidityProof,
  type WorkerRequest,
  type WorkerResponse,
} from "./proofProtocol";

export type ProofProgress = { value: number; stage: ProofStage; words: string; loaded?: number; total?: number };

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

type Pending = {
  resolve: (response: WorkerResponse) => void;
  reject: (error: ProofError) => void;
};

/** The worker, created the first time it is needed (a test may replace the factory). */
export let createProofWorker = (): Worker =>
  new Worker(new URL("./proof.worker.ts", import.meta.url), { type: "module", name: "semaphore-proof" });

export function setProofWorkerFactory(factory: () => Worker) {
  createProofWorker = factory;
}

/** Proving has no progress events of its own: the bar creeps on a typical duration's curve. */
const TYPICAL_PROVING_MS = 1500;

export function useSemaphoreProof() {
  const worker = useRef<Worker | null>(null);
  const pending = useRef(new Map<number, Pending>());
  const nextId = useRef(1);
  const provingSince = useRef<number | null>(null);
  const [progress, setProgress] = useState<ProofProgress | null>(null);
  const [error, setError] = useState<ProofError | null>(null);
  const [busy, setBusy] = useState(false);

  const failAll = useCallback((failure: ProofError) => {
    for (const p of pending.current.values()) p.reject(failure);
    pending.current.clear();
  }, []);

  const ensureWorker = useCallback((): Worker => {
    if (worker.current) return worker.current;
    const w = createProofWorker();
    w.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      const p = pending.current.get(message.id);
      if (!p) return;
      if (message.type === "progress") {
        provingSince.current = message.stage === "proving" ? (provingSince.current ?? performance.now()) : null;
        setProgress({
          value: overallProgress(message.stage, message.fraction),
          stage: message.stage,
          words: describeStage(message.stage, message.fraction),
          loaded: message.loaded,
          total: message.total,
        });
        return;
      }
      pending.current.delete(message.id);
      if (message.type === "error") p.reject(new ProofError(message.name, message.message));
      else p.resolve(message);
    };
    w.onerror = (event: ErrorEvent) => {
      event.preventDefault?.();
      failAll(new ProofError("WorkerFailed", `The proof worker stopped: ${event.message || "it could not start"}.`));
      w.terminate();
      worker.current = null;
    };
    worker.current = w;
    return w;
  }, [failAll]);

  // The worker starts with the page, so that its one-time set-up is done before the first proof.
  useEffect(() => {
    try {
      ensureWorker();
    } catch {
      // No worker here (an old browser, a test without one): the first proof says so.
    }
  }, [ensureWorker]);

  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = null;
      failAll(new ProofError("WorkerFailed", "The page was closed before the proof was ready."));
    },
    [failAll],
  );

  // While proving, move the bar along the typical duration so that it never looks stuck.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      const since = provingSince.current;
      if (since === null) return;
      const f = 1 - Math.exp(-(performance.now() - since) / TYPICAL_PROVING_MS);
      setProgress((p) => (p && p.stage === "proving" ? { ...p, value: overallProgress("proving", f) } : p));
    }, 200);
    return () => clearInterval(timer);
  }, [busy]);

  const request = useCallback(
    (body: DistributiveOmit<WorkerRequest, "id">): Promise<WorkerResponse> => {
      const id = nextId.current++;
      return new Promise<WorkerResponse>((resolve, reject) => {
        pending.current.set(id, { resolve, reject });
        try {
          ensureWorker().postMessage({ ...body, id } as WorkerRequest);
        } catch (e) {
          pending.current.delete(id);
          reject(new ProofError("WorkerFailed", `The proof worker could not start: ${(e as Error).message}`));
        }
      });
    },
    [ensureWorker],
  );

  const prove = useCallback(
    async (input: ProveInput): Promise<{ proof: SolidityProof; timings: ProofTimings }> => {
      setBusy(true);
      setError(null);
      provingSince.current = null;
      setProgress({ value: 0, stage: "building", words: describeStage("building", 0) });
      try {
        const response = await request({ type: "prove", input, artifactsBase: "/semaphore" });
        if (response.type !== "proof") throw new ProofError("WorkerFailed", "The worker answered out of turn.");
        return { proof: response.proof, timings: response.timings };
      } catch (e) {
        const failure = e instanceof ProofError ? e : new ProofError("WorkerFailed", String(e));
        setError(failure);
        setProgress(null);
        throw failure;
      } finally {
        setBusy(false);
        provingSince.current = null;
      }
    },
    [request],
  );

  /** N random identities made in the worker (the speed check's group). */
  const randomGroup = useCallback(
    async (size: number): Promise<{ identity: string; members: bigint[]; ms: number }> => {
      const response = await request({ type: "randomGroup", size });
      if (response.type !== "group") throw new ProofError("WorkerFailed", "The worker answered out of turn.");
      return { identity: response.identity, members: response.members, ms: response.ms };
    },
    [request],
  );

  const reset = useCallback(() => {
    setError(null);
    setProgress(null);
  }, []);

  return { prove, randomGroup, progress, error, busy, reset };
}
