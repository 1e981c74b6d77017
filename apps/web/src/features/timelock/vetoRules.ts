/**
 * Why this browser cannot veto a request now, or undefined when it can. The request's own state
 * comes first (nobody can veto it), then what this person can fix (identity, membership), then
 * the wallet.
 */
import type { AgentRequest } from "@/data/timelock";
import { membershipProblem } from "@/features/personhood/membershipProblem";
import type { MembershipStatus } from "@/features/personhood/queries";

export type VetoContext = {
  request: Pick<AgentRequest, "state" | "eta">;
  /** The chain's time now (unix seconds). */
  chainTime: number;
  membership: MembershipStatus;
  /** Whether this identity's nullifier in the request's veto scope is spent; undefined while checking. */
  nullifierUsed?: boolean;
  walletReason?: string;
};

export function vetoDisabledReason(ctx: VetoContext): string | undefined {
  const { request } = ctx;
  if (request.state !== "Queued") {
    return `This request is ${request.state.toLowerCase()}: only a queued request can be vetoed.`;
  }
  if (ctx.chainTime >= request.eta) return "Its veto window has closed: the delay is over.";
  const notMember = membershipProblem(ctx.membership);
  if (notMember) return notMember;
  if (ctx.nullifierUsed === undefined) return "Checking whether you have vetoed already…";
  if (ctx.nullifierUsed) {
    return "Your identity has already used its veto in this request's slot (on this request or another of its epoch).";
  }
  return ctx.walletReason;
}
