"use client";
import { Button, ErrorNote, Skeleton } from "@/components/ui";
import { contract } from "@/data/chain";
import { TxStatus } from "@/tx/TxStatus";
import { useAosTransaction } from "@/tx/useAosTransaction";
import { useWriteGuard } from "@/wallet/useWriteGuard";
import { humanVoteDisabledReason } from "./humanVoteRules";
import { useIdentity } from "./identityStore";
import { ProofProgress } from "./ProofProgress";
import { useHumanHouse, useMembership, useNullifier, usePersonhoodGroup } from "./queries";
import { useSemaphoreProof } from "./useSemaphoreProof";
import "./personhood.css";

const CHOICES = [
  { support: 1, label: "For" },
  { support: 0, label: "Against" },
  { support: 2, label: "Abstain" },
] as const;

/**
 * The human house of a proposal: one anonymous vote per verified human. The proof (message = the
 * choice, scope = the proposal's human vote scope) is made in a worker, then castHumanVote is sent.
 */
export function HumanVote({ proposalId }: { proposalId: bigint }) {
  const identity = useIdentity();
  const membership = useMembership(identity);
  const group = usePersonhoodGroup();
  const house = useHumanHouse(proposalId);
  const nullifier = useNullifier(membership === "member" ? identity : null, house.data?.scope);
  const guard = useWriteGuard();
  const tx = useAosTransaction();
  const proof = useSemaphoreProof();

  if (house.isError && !house.data) return <ErrorNote error={house.error} retry={() => house.refetch()} />;
  if (!house.data) return <Skeleton height={120} label="Loading the human vote" />;
  const h = house.data;
  const reason = humanVoteDisabledReason({
    house: h,
    membership,
    nullifier: nullifier.data,
    walletReason: guard.reason,
  });
  const working = proof.busy || tx.isBusy;

  const vote = async (support: number, label: string) => {
    if (!identity || !group.data) return;
    tx.reset();
    try {
      const { proof: p } = await proof.prove({
        identity: identity.privateKey,
        members: group.data.members,
        message: BigInt(support),
        scope: h.scope,
        depth: group.data.depth,
        expectedRoot: group.data.root,
      });
      const governor = contract("ReputationGovernor");
      await tx.send(`Vote ${label} as a verified human`, {
        address: governor.address,
        abi: governor.abi,
        functionName: "castHumanVote",
        args: [proposalId, support, p],
      });
    } catch {
      // The proof's error is shown by ProofProgress; the transaction's by TxStatus.
    }
  };

  return (
    <section className="human-vote" aria-labelledby={`human-vote-title-${proposalId}`}>
      <h3 id={`human-vote-title-${proposalId}`}>Human house</h3>
      {h.requireHumans ? (
        <p className="small" data-testid="human-tally">
          For {h.tally.for.toString()} · Against {h.tally.against.toString()} · Abstain {h.tally.abstain.toString()} ·{" "}
          {(h.tally.for + h.tally.against + h.tally.abstain).toString()} of {h.tally.minTurnout.toString()} votes needed
        </p>
      ) : null}
      <fieldset className="vote-buttons">
        <legend className="visually-hidden">Vote as a verified human</legend>
        {CHOICES.map((c) => (
          <Button
            key={c.support}
            variant="secondary"
            disabled={working || Boolean(reason)}
            aria-describedby={reason ? `human-vote-reason-${proposalId}` : undefined}
            onClick={() => vote(c.support, c.label)}
          >
            {c.label}
          </Button>
        ))}
      </fieldset>
      {reason ? (
        <p className="disabled-reason" id={`human-vote-reason-${proposalId}`} data-testid="human-vote-reason">
          {reason}
        </p>
      ) : null}
      <ProofProgress busy={proof.busy} progress={proof.progress} error={proof.error} />
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      <p className="privacy-note">
        Your choice is proven anonymously, but the transaction is sent from your connected wallet and that account is
        visible on-chain: send it from a fresh account to keep your vote unlinkable to you.
      </p>
    </section>
  );
}
