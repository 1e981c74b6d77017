/**
 * Why this browser cannot cast a human vote on a proposal now, or undefined when it can. The
 * order matters: the first reason is the one a person can act on first.
 */
import type { HumanHouse } from "@/data/personhood";
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
  switch (ctx.membership) {
    case "no-identity":
      return "Create or restore your identity on the Personhood page first.";
    case "loading":
      return "Checking whether your identity is in the group…";
    case "error":
      return "The group of verified humans could not be read; try again.";
    case "not-member":
      return "Your identity is not in the group of verified humans yet: give your commitment to a registrar.";
    case "member":
      break;
  }
  if (ctx.nullifier === undefined) return "Preparing your anonymous vote…";
  if (house.nullifiers.includes(ctx.nullifier)) return "Your identity has already voted on this proposal.";
  return ctx.walletReason;
}
