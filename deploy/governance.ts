/**
 * The on-chain governance settings, derived from the shared rules in @aos/params so that the
 * simulator and the deployment read one definition.
 *
 * Two translations happen here. Reputation on-chain is the governance dimension of the karma
 * registry, a value in [0, 1] per account (fixed-point 1e18), where the simulator counts
 * reputation in unbounded units; thresholds are therefore restated in karma. And feedback on
 * a proposer is one step of the registry's exponential moving average: a loss of `bps` of the
 * proposer's karma is a step toward 0 with weight bps / alpha (alpha = the registry's rate, 0.1
 * by default), capped at a full step, so one defeat or veto costs at most alpha of it.
 */
import { DEFAULT_GOVERNANCE_PARAMS, type GovernanceParams } from "@aos/params";

const WAD = 10n ** 18n;
/** The karma registry's default EMA rate (KarmaRegistry: 0.1). */
export const KARMA_ALPHA = WAD / 10n;

/** Governance karma needed to propose: 0.1 (an account with a few successes behind it). */
export const PROPOSAL_THRESHOLD = WAD / 10n;

function lossWeight(bps: number): bigint {
  const weight = (BigInt(bps) * WAD * WAD) / (10_000n * KARMA_ALPHA);
  return weight > WAD ? WAD : weight;
}

export function governorSettings(params: GovernanceParams = DEFAULT_GOVERNANCE_PARAMS) {
  return {
    votingDelay: params.voting.votingDelaySeconds,
    votingPeriod: params.voting.votingPeriodSeconds,
    proposalThreshold: PROPOSAL_THRESHOLD,
    maxOpenProposals: params.voting.maxOpenProposalsPerProposer,
    quorumBps: params.voting.quorumBps,
    minHumanTurnout: 1,
    queuePeriod: params.timelock.gracePeriodSeconds,
    executedGainWeight: WAD,
    defeatedLossWeight: lossWeight(params.feedback.defeatedLossBps),
    vetoedLossWeight: lossWeight(params.feedback.vetoedLossBps),
  };
}

export function timelockConfig(params: GovernanceParams = DEFAULT_GOVERNANCE_PARAMS) {
  return {
    delay: params.timelock.delaySeconds,
    gracePeriod: params.timelock.gracePeriodSeconds,
    vetoExtension: params.veto.extensionSeconds,
    maxVetoExtension: params.veto.maxExtensionSeconds,
    epochLength: params.agentBudget.epochSeconds,
    allowancePerEpoch: params.agentBudget.allowancePerEpoch,
    costPerAction: params.agentBudget.costPerAction,
    vetoThreshold: params.veto.threshold,
    vetoesPerEpoch: params.veto.vetoesPerHumanPerEpoch,
    vetoBudgetSlashBps: params.agentBudget.vetoBudgetSlashBps,
    vetoKarmaWeight: lossWeight(params.feedback.vetoedLossBps),
  };
}

export function votesSettings(params: GovernanceParams = DEFAULT_GOVERNANCE_PARAMS) {
  return {
    maxDepth: params.delegation.maxDepth,
    maxDelegationDuration: params.delegation.maxDurationSeconds,
  };
}

/** The floor no later change can take the timelock's delay below (fixed at deployment). */
export function timelockMinDelay(params: GovernanceParams = DEFAULT_GOVERNANCE_PARAMS) {
  return params.timelock.minDelaySeconds;
}

/** A superseded personhood root stays valid this long: a week beyond the longest veto window. */
export function rootValidity(params: GovernanceParams = DEFAULT_GOVERNANCE_PARAMS) {
  return params.timelock.delaySeconds + params.veto.maxExtensionSeconds + 7 * 86_400;
}
