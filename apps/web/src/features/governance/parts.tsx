"use client";
/** Small pieces the governance pages share: the state badge and the live countdown. */
import { Badge } from "@/components/ui";
import type { Proposal } from "@/data/governance";
import { countdownTarget, countdownText, formatDate, STATE_TONE } from "./logic";

export function StateBadge({ state }: { state: Proposal["state"] }) {
  return (
    <span data-testid="proposal-state" data-state={state}>
      <Badge tone={STATE_TONE[state]}>{state}</Badge>
    </span>
  );
}

/** What the proposal's state counts down to, ticking with the chain's clock. */
export function ProposalCountdown({
  proposal,
  now,
}: {
  proposal: Pick<Proposal, "state" | "voteStart" | "voteEnd" | "queueDeadline" | "eta">;
  now: number;
}) {
  const target = countdownTarget(proposal);
  if (!target) return <span className="muted">—</span>;
  return (
    <time
      className="countdown gov-countdown"
      dateTime={new Date(target.until * 1000).toISOString()}
      title={formatDate(target.until)}
      data-testid="proposal-countdown"
    >
      {countdownText(target, now)}
    </time>
  );
}

/** The first line of a description, as a title. */
export function proposalTitle(description: string): string {
  const first = description.trim().split("\n")[0]?.trim() ?? "";
  return first.replace(/^#+\s*/, "") || "Untitled proposal";
}

export function shortId(id: bigint): string {
  const text = id.toString();
  return text.length > 12 ? `${text.slice(0, 6)}…${text.slice(-4)}` : text;
}
