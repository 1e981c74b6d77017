"use client";
import { useQuery } from "@tanstack/react-query";
import { AddressLink, Badge, Button, Countdown, EmptyState, ErrorNote, SkeletonRows, useNow } from "@/components/ui";
import { contract } from "@/data/chain";
import { type AgentRequest, listAgentRequests, type RequestStateName, vetoNullifierUsed } from "@/data/timelock";
import { useIdentity } from "@/features/personhood/identityStore";
import { ProofProgress } from "@/features/personhood/ProofProgress";
import { useMembership, useNullifier, usePersonhoodGroup } from "@/features/personhood/queries";
import { useSemaphoreProof } from "@/features/personhood/useSemaphoreProof";
import { TxStatus } from "@/tx/TxStatus";
import { useAosTransaction } from "@/tx/useAosTransaction";
import { useWriteGuard } from "@/wallet/useWriteGuard";
import { vetoDisabledReason } from "./vetoRules";
import "./timelock.css";

const TONES: Record<RequestStateName, "neutral" | "good" | "warn" | "bad" | "info"> = {
  None: "neutral",
  Queued: "info",
  Ready: "warn",
  Executed: "good",
  Vetoed: "bad",
  Expired: "neutral",
  Cancelled: "neutral",
};

export function useAgentRequests() {
  return useQuery({ queryKey: ["timelock", "requests"], queryFn: listAgentRequests });
}

/**
 * The timelock's queue: what agents (and the governor) asked to run, with a countdown to each
 * request's earliest execution and an anonymous veto for verified humans.
 */
export function AgentRequests() {
  const query = useAgentRequests();
  if (query.isError && !query.data) return <ErrorNote error={query.error} retry={() => query.refetch()} />;
  if (!query.data) return <SkeletonRows rows={2} height={168} />;
  const { requests, clockOffset } = query.data;
  if (requests.length === 0) {
    return (
      <EmptyState title="No agent requests">
        When a registered agent submits a batch, or a passed proposal is queued, it waits here for its delay, and
        verified humans can veto it.
      </EmptyState>
    );
  }
  return (
    <ul className="agent-requests" aria-label="Requests in the timelock">
      {requests.map((r) => (
        <RequestRow key={r.id.toString()} request={r} clockOffset={clockOffset} />
      ))}
    </ul>
  );
}

function RequestRow({ request: r, clockOffset }: { request: AgentRequest; clockOffset: number }) {
  const titleId = `agent-request-${r.id}`;
  return (
    <li
      className="card agent-request"
      data-testid="agent-request"
      data-request-id={r.id.toString()}
      aria-labelledby={titleId}
    >
      <header className="agent-request-header">
        <h3 id={titleId}>
          <span className="muted">#{r.id.toString()}</span> {r.description || "(no description)"}
        </h3>
        <Badge tone={TONES[r.state]}>
          <span data-testid="request-state">{r.killed ? "Vetoed" : r.state}</span>
        </Badge>
      </header>
      <dl className="agent-request-meta">
        <div>
          <dt>{r.origin === "agent" ? "Agent" : "From"}</dt>
          <dd>
            {r.origin === "agent" ? (
              <AddressLink address={r.proposer} />
            ) : (
              <>Governor{r.proposalId !== undefined ? `, proposal ${shortId(r.proposalId)}` : ""}</>
            )}
          </dd>
        </div>
        <div>
          <dt>{r.state === "Queued" ? "Executable in" : "Earliest execution"}</dt>
          <dd>
            {r.state === "Queued" ? (
              <Countdown until={r.eta} offset={clockOffset} done="now" />
            ) : r.killed || r.state === "Cancelled" ? (
              <span>never ({r.killed ? "vetoed" : "cancelled"})</span>
            ) : (
              <time dateTime={new Date(r.eta * 1000).toISOString()}>{new Date(r.eta * 1000).toLocaleString()}</time>
            )}
          </dd>
        </div>
        <div>
          <dt>Vetoes</dt>
          <dd data-testid="veto-count" data-count={r.vetoCount}>
            {r.vetoCount} of {r.vetoThreshold}
          </dd>
        </div>
        <div>
          <dt>Queued</dt>
          <dd>
            <time dateTime={new Date(r.queuedAt * 1000).toISOString()}>
              {new Date(r.queuedAt * 1000).toLocaleString()}
            </time>
          </dd>
        </div>
      </dl>
      <details className="agent-request-actions">
        <summary>
          {r.actions.length} action{r.actions.length === 1 ? "" : "s"}
        </summary>
        <ol>
          {r.actions.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a batch's actions are ordered and may repeat
            <li key={i}>
              <code>{a.text}</code>
            </li>
          ))}
        </ol>
      </details>
      <ExecuteControl request={r} />
      <VetoControl request={r} clockOffset={clockOffset} />
    </li>
  );
}

/**
 * A request whose delay is over runs when anyone executes it: all its actions in one transaction,
 * or none. The veto is over by then, so this is the request's last step.
 */
function ExecuteControl({ request: r }: { request: AgentRequest }) {
  const guard = useWriteGuard();
  const tx = useAosTransaction();
  const value = r.actions.reduce((sum, a) => sum + a.value, 0n);
  if (r.state !== "Ready" || r.killed) {
    // Nothing to run; the outcome of an execution sent from here stays in view.
    return tx.state.phase === "idle" ? null : <TxStatus state={tx.state} onDismiss={tx.reset} />;
  }
  const execute = () => {
    const timelock = contract("AgentTimelock");
    void tx.send(`Execute request #${r.id}`, {
      address: timelock.address,
      abi: timelock.abi,
      functionName: "execute",
      args: [r.id, r.actions.map(({ target, value, data }) => ({ target, value, data }))],
      value: value > 0n ? value : undefined,
    });
  };
  return (
    <div className="execute-control">
      <p className="small">
        Its delay is over and no veto stopped it: anyone can now run its{" "}
        {r.actions.length === 1 ? "action" : `${r.actions.length} actions`}, all together or none.
      </p>
      <Button busy={tx.isBusy} disabledReason={guard.reason} onClick={execute}>
        Execute
      </Button>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}

function shortId(id: bigint): string {
  const s = id.toString();
  return s.length > 12 ? `#${s.slice(0, 6)}…${s.slice(-4)}` : `#${s}`;
}

function VetoControl({ request: r, clockOffset }: { request: AgentRequest; clockOffset: number }) {
  const identity = useIdentity();
  const membership = useMembership(identity);
  const group = usePersonhoodGroup();
  const live = r.state === "Queued";
  const nullifier = useNullifier(live && membership === "member" ? identity : null, r.vetoScope);
  const used = useQuery({
    queryKey: ["timelock", "nullifierUsed", nullifier.data?.toString()],
    queryFn: () => vetoNullifierUsed(nullifier.data!),
    enabled: nullifier.data !== undefined,
  });
  const guard = useWriteGuard();
  const tx = useAosTransaction();
  const proof = useSemaphoreProof();
  const now = useNow();
  const chainTime = now / 1000 + clockOffset;

  const reason = vetoDisabledReason({
    request: r,
    chainTime,
    membership,
    nullifierUsed: used.data,
    walletReason: guard.reason,
  });
  if (!live && r.state !== "Ready") {
    // Finished requests: nothing to do and no button to explain, but the outcome of a veto just
    // sent from here stays in view.
    return tx.state.phase === "idle" ? null : (
      <div className="veto-control">
        <TxStatus state={tx.state} onDismiss={tx.reset} />
      </div>
    );
  }

  const veto = async () => {
    if (!identity || !group.data) return;
    tx.reset();
    try {
      const { proof: p } = await proof.prove({
        identity: identity.privateKey,
        members: group.data.members,
        message: r.id,
        scope: r.vetoScope,
        depth: group.data.depth,
        expectedRoot: group.data.root,
      });
      const timelock = contract("AgentTimelock");
      await tx.send(`Veto request #${r.id}`, {
        address: timelock.address,
        abi: timelock.abi,
        functionName: "veto",
        args: [r.id, p],
      });
    } catch {
      // Shown by ProofProgress (the proof) or TxStatus (the transaction).
    }
  };

  return (
    <div className="veto-control">
      <Button variant="danger" busy={proof.busy || tx.isBusy} disabledReason={reason} onClick={veto}>
        Veto
      </Button>
      <ProofProgress busy={proof.busy} progress={proof.progress} error={proof.error} />
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      {live ? (
        <p className="privacy-note">
          Your veto is an anonymous proof of personhood, but it is sent from your connected wallet, and that account is
          visible on-chain: send it from a fresh account to keep your veto unlinkable to you.
        </p>
      ) : null}
    </div>
  );
}
