import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  DEFAULT_GOVERNANCE_PARAMS,
  GovernanceParamsError,
  isProposalState,
  mergeGovernanceParams,
  PROPOSAL_STATES,
  reputationFromUnits,
  reputationToUnits,
  validateGovernanceParams,
} from "./governance.ts";

function expectField(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof GovernanceParamsError, `expected GovernanceParamsError, got ${String(err)}`);
    assert.equal(err.field, field);
    assert.match(err.message, new RegExp(field.replace(".", "\\.")));
    return true;
  });
}

describe("governance params", () => {
  test("defaults are valid and carry the rules of issue 3", () => {
    const p = validateGovernanceParams(structuredClone(DEFAULT_GOVERNANCE_PARAMS));
    assert.equal(p.delegation.maxDepth, 4);
    assert.equal(p.timelock.delaySeconds, 7 * 86_400);
    assert.ok(p.timelock.minDelaySeconds > 0 && p.timelock.minDelaySeconds <= p.timelock.delaySeconds);
    assert.equal(p.veto.threshold, 1);
    assert.equal(p.reputation.decimals, 18);
    assert.equal(p.reputation.emaAlphaBps, 1_000);
  });

  test("defaults survive a JSON round trip unchanged", () => {
    const text = JSON.stringify(DEFAULT_GOVERNANCE_PARAMS);
    assert.deepEqual(validateGovernanceParams(JSON.parse(text)), DEFAULT_GOVERNANCE_PARAMS);
  });

  test("proposal states follow 004's lifecycle", () => {
    assert.deepEqual(
      [...PROPOSAL_STATES],
      ["pending", "active", "defeated", "succeeded", "queued", "vetoed", "executed", "expired"],
    );
    assert.ok(isProposalState("queued"));
    assert.ok(!isProposalState("archived"));
  });

  test("rejects a field out of range, naming it", () => {
    expectField(() => mergeGovernanceParams({ voting: { quorumBps: 10_001 } }), "voting.quorumBps");
    expectField(() => mergeGovernanceParams({ delegation: { maxDepth: 0 } }), "delegation.maxDepth");
  });

  test("rejects a wrong type, naming the field", () => {
    const bad = structuredClone(DEFAULT_GOVERNANCE_PARAMS) as unknown as { veto: Record<string, unknown> };
    bad.veto.threshold = "1";
    expectField(() => validateGovernanceParams(bad), "veto.threshold");
  });

  test("rejects a bad fixed-point amount", () => {
    expectField(() => mergeGovernanceParams({ voting: { proposalThreshold: "1e19" } }), "voting.proposalThreshold");
    expectField(() => mergeGovernanceParams({ feedback: { executedGain: "-5" } }), "feedback.executedGain");
  });

  test("enforces the timelock minimum delay", () => {
    expectField(() => mergeGovernanceParams({ timelock: { delaySeconds: 3_600 } }), "timelock.delaySeconds");
  });

  test("rejects unknown sections and fields (typos never fall back to defaults)", () => {
    expectField(() => validateGovernanceParams({ ...DEFAULT_GOVERNANCE_PARAMS, extra: {} }), "extra");
    const bad = structuredClone(DEFAULT_GOVERNANCE_PARAMS) as unknown as { voting: Record<string, unknown> };
    bad.voting.quorum = 5;
    expectField(() => validateGovernanceParams(bad), "voting.quorum");
    expectField(() => validateGovernanceParams({ ...DEFAULT_GOVERNANCE_PARAMS, veto: undefined }), "veto");
  });

  test("merge keeps unspecified fields and does not mutate the defaults", () => {
    const p = mergeGovernanceParams({ voting: { quorumBps: 6_667 } });
    assert.equal(p.voting.quorumBps, 6_667);
    assert.equal(p.voting.votingPeriodSeconds, DEFAULT_GOVERNANCE_PARAMS.voting.votingPeriodSeconds);
    assert.equal(DEFAULT_GOVERNANCE_PARAMS.voting.quorumBps, 4_000);
  });

  test("fixed-point conversions", () => {
    assert.equal(reputationToUnits("12.5"), 12_500_000_000_000_000_000n);
    assert.equal(reputationFromUnits("12500000000000000000"), 12.5);
    assert.equal(reputationFromUnits(DEFAULT_GOVERNANCE_PARAMS.voting.proposalThreshold), 10);
    assert.throws(() => reputationToUnits("1e3"), RangeError);
  });
});
