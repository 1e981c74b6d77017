export type {
  DeepPartial,
  GovernanceParams,
  ProposalState,
} from "./governance.ts";
export {
  DEFAULT_GOVERNANCE_PARAMS,
  GovernanceParamsError,
  isProposalState,
  mergeGovernanceParams,
  PROPOSAL_STATES,
  REPUTATION_DECIMALS,
  REPUTATION_SCALE,
  reputationFromUnits,
  reputationToUnits,
  validateGovernanceParams,
} from "./governance.ts";
