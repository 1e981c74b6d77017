/**
 * Why this browser cannot cast a human vote on a proposal now, or undefined when it can. The
 * order matters: the first reason is the one a person can act on first.
 */
import type { HumanHouse } from "@/data/personhood";
import { membershipProblem } from "./membershipProblem";
import type { MembershipStatus } from "./queries";

export type HumanVoteContext = {
  house?: HumanHouse;
  membership: MembershipStatus;
  /** This identity's nullifier in the proposal's scope, once computed. */
  nullifier?: bigint;
  /** Why the wallet cannot send (from useWriteGuard). */
  walletReason?: string;
};

export function humanVoteDisabledReason(ctx: HumanVoteContext): string | undefined {
  const { house } = ctx;
  if (!house) return "Loading the proposal…";
  if (!house.requireHumans) return "This proposal does not ask verified humans to vote.";
  if (house.state !== "Active") return `Voting is not open: the proposal is ${house.state.toLowerCase()}.`;
  const notMember = membershipProblem(ctx.membership);
  if (notMember) return notMember;
  if (ctx.nullifier === undefined) return "Preparing your anonymous vote…";
  if (house.nullifiers.includes(ctx.nullifier)) return "Your identity has already voted on this proposal.";
  return ctx.walletReason;
}
