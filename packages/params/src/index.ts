export {
  DEFAULT_GOVERNANCE_PARAMS,
  GovernanceParamsError,
  PROPOSAL_STATES,
  REPUTATION_DECIMALS,
  REPUTATION_SCALE,
  isProposalState,
  mergeGovernanceParams,
  reputationFromUnits,
  reputationToUnits,
  validateGovernanceParams,
} from "./governance.ts";
export type {
  DeepPartial,
  GovernanceParams,
  ProposalState,
} from "./governance.ts";
