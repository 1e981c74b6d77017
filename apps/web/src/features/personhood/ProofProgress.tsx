"use client";
import { Progress } from "@/components/ui";
import type { ProofError } from "./proofProtocol";
import type { ProofProgress as ProofProgressState } from "./useSemaphoreProof";

/**
 * The proof's progress bar and its stage in words while the worker runs, or the named error
 * afterwards. Keeps its height when idle so that nothing below it jumps.
 */
export function ProofProgress({
  busy,
  progress,
  error,
}: {
  busy: boolean;
  progress: ProofProgressState | null;
  error: ProofError | null;
}) {
  if (busy && progress) {
    return (
      <div className="proof-progress">
        <Progress value={progress.value} label="Generating proof" />
        <span className="proof-progress-words" aria-live="polite">
          {progress.words}
          {progress.stage === "downloading" && progress.total
            ? ` (${megabytes(progress.loaded ?? 0)} of ${megabytes(progress.total)} MB)`
            : ""}
        </span>
      </div>
    );
  }
  if (error) {
    return (
      <p className="error-text small" role="alert">
        {error.message} <code className="muted">{error.name}</code>
      </p>
    );
  }
  return null;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
