"use client";
import { explorerTxUrl } from "@/config";
import type { TxState } from "./useAosTransaction";

const WORDS: Record<TxState["phase"], string> = {
  idle: "",
  simulating: "Checking the transaction…",
  wallet: "Waiting for your wallet: confirm the transaction there.",
  pending: "Pending: waiting for the transaction to be mined…",
  confirmed: "Confirmed.",
  failed: "Failed.",
};

/** The state of one transaction, announced to assistive technology as it changes. */
export function TxStatus({ state, onDismiss }: { state: TxState; onDismiss?: () => void }) {
  if (state.phase === "idle") return <div className="tx-status" aria-live="polite" />;
  const link = state.hash ? explorerTxUrl(state.hash) : undefined;
  return (
    <div
      className={`tx-status tx-${state.phase}`}
      role={state.phase === "failed" ? "alert" : "status"}
      aria-live="polite"
    >
      <div className="tx-line">
        {state.phase !== "confirmed" && state.phase !== "failed" ? <span className="spinner" aria-hidden /> : null}
        <strong>{state.label}</strong>
        <span data-testid="tx-phase" data-phase={state.phase}>
          {state.phase === "failed" && state.error ? state.error.title : WORDS[state.phase]}
        </span>
      </div>
      {state.phase === "failed" && state.error ? (
        <p className="tx-hint">
          {state.error.hint} <code className="muted">{state.error.name}</code>
        </p>
      ) : null}
      {state.hash ? (
        <p className="tx-hash muted">
          {link ? (
            <a href={link} target="_blank" rel="noreferrer">
              View on the explorer
            </a>
          ) : (
            <>
              Transaction <code title={state.hash}>{`${state.hash.slice(0, 10)}…${state.hash.slice(-6)}`}</code>
              {state.receipt ? ` in block ${state.receipt.blockNumber}` : ""}
            </>
          )}
        </p>
      ) : null}
      {onDismiss && (state.phase === "confirmed" || state.phase === "failed") ? (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
