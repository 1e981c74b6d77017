/** Public API of the governance simulator. */
export { governanceCommand, formatSummaryTable, GOVERNANCE_HELP } from "./cli.ts";
export { runGovernanceBenchmark, GOVERNANCE_BENCH_BOTS, GOVERNANCE_BENCH_PROPOSALS } from "./bench.ts";
export { DelegationGraph, tallyVotes } from "./delegation.ts";
export type { DelegationResult, Tally, TallyInput } from "./delegation.ts";
export { meanCi, percentile, rocAuc } from "./metrics.ts";
export type { MeanCi } from "./metrics.ts";
export {
  BUILT_IN_SCENARIOS,
  MALICIOUS_STRATEGIES,
  SCENARIO_DEFAULTS,
  ScenarioError,
  builtInScenarioJson,
  loadScenario,
  loadScenarioFile,
  resolveScenario,
  withOverride,
} from "./scenario.ts";
export type {
  BuiltInScenarioName,
  GovernanceScenario,
  MaliciousStrategy,
  PartitionSpec,
  ResolvedScenario,
} from "./scenario.ts";
export { GovernanceSimulation, parseCheckpoint, runGovernanceSimulation, serializeCheckpoint } from "./simulate.ts";
export type {
  GovernanceCharts,
  GovernanceCheckpoint,
  GovernanceMetrics,
  GovernanceRunResult,
  IncidentEvent,
  ProposalRecord,
  RunOptions,
  SafetyViolationKind,
} from "./simulate.ts";
export { GridSpecError, applyGridPoint, expandGrid, parseGridAxis, runWhatIf, whatIfToCsv } from "./whatIf.ts";
export type { GridAxis, GridValue, MetricName, WhatIfOptions, WhatIfPoint, WhatIfResult } from "./whatIf.ts";
