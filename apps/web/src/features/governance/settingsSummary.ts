/** The rules in force, as term and value pairs for people. */
import { describeSeconds, type GovernanceSettings } from "@/data/governance";
import { formatPower } from "./logic";

export function describeSettings(s: GovernanceSettings): [string, string][] {
  return [
    ["Voting opens", `${describeSeconds(s.votingDelay)} after a proposal is made`],
    ["Voting lasts", describeSeconds(s.votingPeriod)],
    ["Quorum", `${s.quorumBps / 100}% of the total weight at the snapshot`],
    ["Power to propose", `${formatPower(s.proposalThreshold)} (total weight now ${formatPower(s.totalWeight)})`],
    ["Open proposals per proposer", String(s.maxOpenProposals)],
    ["Human votes needed", `${s.minHumanTurnout} when a proposal requires the human house`],
    ["Queue within", `${describeSeconds(s.queuePeriod)} after voting ends`],
    ["Timelock delay", `${describeSeconds(s.timelock.delay)} (never below ${describeSeconds(s.timelock.minDelay)})`],
    [
      "Delegation",
      `at most ${s.maxDepth} hops, ${s.maxDelegationDuration ? `up to ${describeSeconds(s.maxDelegationDuration)}` : "open-ended allowed"}`,
    ],
  ];
}
