"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Button, Card, Field } from "@/components/ui";
import { ProofProgress } from "./ProofProgress";
import type { ProofTimings } from "./proofProtocol";
import { useSemaphoreProof } from "./useSemaphoreProof";
import "./personhood.css";

export const DEFAULT_MEMBERS = 1000;
export const MAX_MEMBERS = 5000;
const TARGET_MS = 2000;

/** The group size from `?members=`: 1..5000, 1000 when absent; an error in words otherwise. */
export function parseMembers(value: string | null): { members: number; error?: string } {
  if (value === null || value === "") return { members: DEFAULT_MEMBERS };
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_MEMBERS) {
    return {
      members: DEFAULT_MEMBERS,
      error: `members must be a whole number from 1 to ${MAX_MEMBERS}, not “${value}”.`,
    };
  }
  return { members: n };
}

type RunState =
  | { phase: "idle" }
  | { phase: "identities" }
  | { phase: "proving"; identitiesMs: number }
  | { phase: "done"; identitiesMs: number; depth: number; timings: ProofTimings }
  | { phase: "error"; message: string };

export function BenchmarkPage() {
  const params = useSearchParams();
  const parsed = parseMembers(params.get("members"));
  const auto = params.get("auto") === "1";
  const inputId = useId();
  const [size, setSize] = useState(String(parsed.members));
  const [run, setRun] = useState<RunState>({ phase: "idle" });
  const { prove, randomGroup, progress, error, busy } = useSemaphoreProof();
  const started = useRef(false);

  const sizeCheck = parseMembers(size);
  const start = useCallback(
    async (members: number) => {
      setRun({ phase: "identities" });
      try {
        const group = await randomGroup(members);
        setRun({ phase: "proving", identitiesMs: group.ms });
        const depth = Math.max(1, Math.ceil(Math.log2(Math.max(2, members))));
        const scope = BigInt(Math.floor(Math.random() * Number.MAX_SAFE_INTEGER));
        const { timings } = await prove({
          identity: group.identity,
          members: group.members,
          message: 0n,
          scope,
          depth,
        });
        setRun({ phase: "done", identitiesMs: group.ms, depth, timings });
      } catch (e) {
        setRun({ phase: "error", message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      }
    },
    [prove, randomGroup],
  );

  useEffect(() => {
    if (auto && !parsed.error && !started.current) {
      started.current = true;
      void start(parsed.members);
    }
  }, [auto, parsed.error, parsed.members, start]);

  const running = run.phase === "identities" || run.phase === "proving";
  const state = run.phase === "done" ? "done" : run.phase === "error" ? "error" : running ? "running" : "idle";

  return (
    <>
      <header className="page-header">
        <div>
          <h1>How fast is proving on this device?</h1>
          <p>
            Makes a fresh identity in this browser, puts it in a group of that size (the other members are random
            commitments, which the circuit cannot tell from real ones), and times a Semaphore proof in the background
            worker, as a veto or a human vote would make it. Nothing is sent anywhere.
          </p>
        </div>
      </header>
      <Card title="Speed check">
        {parsed.error ? (
          <p className="error-text" role="alert">
            {parsed.error}
          </p>
        ) : null}
        <div className="bench-form">
          <Field
            label="Members in the group"
            htmlFor={inputId}
            error={sizeCheck.error}
            help={`1 to ${MAX_MEMBERS}; the circuit grows with the tree's depth.`}
          >
            <input
              id={inputId}
              type="number"
              min={1}
              max={MAX_MEMBERS}
              inputMode="numeric"
              value={size}
              onChange={(event) => setSize(event.target.value)}
            />
          </Field>
          <Button
            busy={running}
            disabledReason={sizeCheck.error ? "Fix the group size first." : undefined}
            onClick={() => start(sizeCheck.members)}
          >
            Run
          </Button>
        </div>
        <ProofProgress busy={busy} progress={progress} error={run.phase === "error" ? null : error} />
        <p className="muted small" aria-live="polite">
          {run.phase === "identities"
            ? "Making the identity and the group…"
            : run.phase === "proving"
              ? `Group of members made in ${Math.round(run.identitiesMs)} ms.`
              : ""}
        </p>
        <p className="bench-result">
          Proving time:{" "}
          <output data-testid="proof-ms" data-state={state} aria-live="polite">
            {run.phase === "done" ? Math.round(run.timings.proveMs) : ""}
          </output>
          {run.phase === "done" ? " ms" : ""}
        </p>
        {run.phase === "done" ? (
          <>
            <p className={run.timings.proveMs < TARGET_MS ? "" : "error-text"}>
              {run.timings.proveMs < TARGET_MS
                ? `Under the ${TARGET_MS.toLocaleString()} ms target: a veto or a vote is quick here.`
                : `Over the ${TARGET_MS.toLocaleString()} ms target: proofs still work, they take longer.`}
            </p>
            <dl className="stats">
              <div className="stat">
                <dt>Members made</dt>
                <dd>{Math.round(run.identitiesMs)} ms</dd>
              </div>
              <div className="stat">
                <dt>Group built</dt>
                <dd>{Math.round(run.timings.groupMs)} ms</dd>
              </div>
              <div className="stat">
                <dt>Circuit download (depth {run.depth})</dt>
                <dd>{Math.round(run.timings.downloadMs)} ms</dd>
              </div>
              <div className="stat">
                <dt>Proof</dt>
                <dd>{Math.round(run.timings.proveMs)} ms</dd>
              </div>
            </dl>
            <p className="muted small">
              The proving time excludes the download (cached after the first run) and the group. The first proof in a
              tab also starts the prover's threads; run again to see a warm proof.
            </p>
          </>
        ) : null}
        {run.phase === "error" ? (
          <p className="error-text" role="alert">
            {run.message}
          </p>
        ) : null}
      </Card>
      <p>
        <Link href="/personhood">Back to personhood</Link>
      </p>
    </>
  );
}
