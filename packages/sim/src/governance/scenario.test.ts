import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { DEFAULT_GOVERNANCE_PARAMS } from "../../../params/src/governance.ts";
import { BUILT_IN_SCENARIOS, loadScenario, resolveScenario, ScenarioError, withOverride } from "./scenario.ts";
import { loadScenarioFile } from "./scenarioFile.ts";

function expectField(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ScenarioError, `expected ScenarioError, got ${String(err)}`);
    assert.equal(err.field, field);
    assert.ok(err.message.includes(field), err.message);
    return true;
  });
}

describe("scenario library", () => {
  test("every built-in scenario loads and keeps 004's numbers", () => {
    const byName = Object.fromEntries(BUILT_IN_SCENARIOS.map((n) => [n, loadScenario(n)]));
    assert.equal(byName.normal_operation?.bots, 1_000);
    assert.equal(byName.normal_operation?.malicious.fraction, 0.05);
    assert.equal(byName.stress_test?.bots, 10_000);
    assert.equal(byName.stress_test?.malicious.fraction, 0.2);
    assert.equal(byName.security_attack?.bots, 5_000);
    assert.equal(byName.security_attack?.malicious.fraction, 0.3);
    assert.ok((byName.security_attack?.partitions.length ?? 0) > 0);
    assert.equal(byName.skill_ecosystem_growth?.bots, 2_000);
    assert.equal(byName.skill_ecosystem_growth?.growth.newSkillsPerTick, 5);
    assert.ok((byName.skill_ecosystem_growth?.growth.botsPerTick ?? 0) > 0);
    for (const s of Object.values(byName))
      assert.equal(s.governance.delegation.maxDepth, DEFAULT_GOVERNANCE_PARAMS.delegation.maxDepth);
  });

  test("a scenario's governance overrides are merged over the shared params", () => {
    const s = loadScenario("security_attack");
    assert.equal(s.governance.voting.quorumBps, 6_667);
    assert.equal(s.governance.timelock.delaySeconds, DEFAULT_GOVERNANCE_PARAMS.timelock.delaySeconds);
  });

  test("a user file is merged over the defaults and validated", () => {
    const dir = mkdtempSync(join(tmpdir(), "gov-scenario-"));
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ name: "mine", bots: 50, malicious: { fraction: 0.1 } }));
    const s = loadScenarioFile(good);
    assert.equal(s.name, "mine");
    assert.equal(s.bots, 50);
    assert.equal(s.honest.participation, 0.8, "unspecified fields take the defaults");

    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ malicious: { fraction: 1.5 } }));
    expectField(() => loadScenarioFile(bad), "malicious.fraction");
    writeFileSync(bad, "{ not json");
    expectField(() => loadScenarioFile(bad), "(file)");
    expectField(() => loadScenarioFile(join(dir, "missing.json")), "(file)");
  });

  test("errors name the bad field", () => {
    expectField(() => resolveScenario({ bots: 1.5 }), "bots");
    expectField(() => resolveScenario({ botz: 10 }), "botz");
    expectField(() => resolveScenario({ honest: { participation: "high" } }), "honest.participation");
    expectField(
      () => resolveScenario({ partitions: [{ startTick: 1, durationTicks: 0, fraction: 0.5 }] }),
      "partitions[0].durationTicks",
    );
    expectField(() => resolveScenario({ governance: { voting: { quorumBps: 0 } } }), "governance.voting.quorumBps");
    expectField(
      () => resolveScenario({ governance: { timelock: { delaySeconds: 60 } } }),
      "governance.timelock.delaySeconds",
    );
    expectField(
      () =>
        resolveScenario({ malicious: { fraction: 0.1, strategies: { byzantine: 0, spam: 0, collusion: 0, flip: 0 } } }),
      "malicious.strategies",
    );
    expectField(() => loadScenario("nope"), "name");
  });

  test("withOverride replaces one field and re-validates", () => {
    const s = withOverride(loadScenario("normal_operation"), "governance.voting.quorumBps", 5_000);
    assert.equal(s.governance.voting.quorumBps, 5_000);
    expectField(() => withOverride(s, "malicious.nope", 1), "malicious.nope");
  });
});
