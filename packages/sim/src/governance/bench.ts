/**
 * The governance case of `npm run bench:sim`: one run of 10,000 bots and 1,000 proposals
 * (the stress_test scenario, capped at 1,000 proposals, every one driven to a final state).
 * Target: at most 60 s per run.
 */
import { loadScenario, withOverride } from "./scenario.ts";
import { runGovernanceSimulation } from "./simulate.ts";

export const GOVERNANCE_BENCH_BOTS = 10_000;
export const GOVERNANCE_BENCH_PROPOSALS = 1_000;

export async function runGovernanceBenchmark(): Promise<{ seconds: number; bots: number; proposals: number }> {
  let scenario = loadScenario("stress_test");
  scenario = withOverride(scenario, "bots", GOVERNANCE_BENCH_BOTS);
  scenario = withOverride(scenario, "proposalLimit", GOVERNANCE_BENCH_PROPOSALS);
  const started = performance.now();
  const result = runGovernanceSimulation(scenario, { seed: 1, charts: false });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, bots: GOVERNANCE_BENCH_BOTS, proposals: result.metrics.proposals };
}
