"use client";
// Placeholder until the personhood feature lands: a proposal page renders the human house vote here.
export function HumanVote(_props: { proposalId: bigint }) {
  return <p className="muted">The human house vote needs a Semaphore identity in this browser.</p>;
}
