/** Public API of the governance simulator. */

export { GOVERNANCE_BENCH_BOTS, GOVERNANCE_BENCH_PROPOSALS, runGovernanceBenchmark } from "./bench.ts";
export { formatSummaryTable, GOVERNANCE_HELP, governanceCommand } from "./cli.ts";
export type { DelegationResult, Tally, TallyInput } from "./delegation.ts";
export { DelegationGraph, tallyVotes } from "./delegation.ts";
export type { MeanCi } from "./metrics.ts";
export { meanCi, percentile, rocAuc } from "./metrics.ts";
export type {
  BuiltInScenarioName,
  GovernanceScenario,
  MaliciousStrategy,
  PartitionSpec,
  ResolvedScenario,
} from "./scenario.ts";
export {
  BUILT_IN_SCENARIOS,
  builtInScenarioJson,
  loadScenario,
  MALICIOUS_STRATEGIES,
  resolveScenario,
  SCENARIO_DEFAULTS,
  ScenarioError,
  withOverride,
} from "./scenario.ts";
export { loadScenarioFile } from "./scenarioFile.ts";
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
export { GovernanceSimulation, parseCheckpoint, runGovernanceSimulation, serializeCheckpoint } from "./simulate.ts";
export type { GridAxis, GridValue, MetricName, WhatIfOptions, WhatIfPoint, WhatIfResult } from "./whatIf.ts";
export { applyGridPoint, expandGrid, GridSpecError, parseGridAxis, runWhatIf, whatIfToCsv } from "./whatIf.ts";
