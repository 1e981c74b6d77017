import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveScenario } from "./scenario.ts";
import { applyGridPoint, expandGrid, GridSpecError, parseGridAxis, runWhatIf, whatIfToCsv } from "./whatIf.ts";

const small = resolveScenario({
  name: "small",
  bots: 200,
  durationTicks: 120,
  proposalRate: 0.2,
  malicious: { fraction: 0.1 },
});

describe("what-if analysis", () => {
  test("parses grid axes with typed values", () => {
    assert.deepEqual(parseGridAxis("governance.voting.quorumBps=4000,6667"), {
      key: "governance.voting.quorumBps",
      values: [4000, 6667],
    });
    assert.deepEqual(parseGridAxis("name=a,b").values, ["a", "b"]);
    assert.throws(() => parseGridAxis("quorum"), GridSpecError);
    assert.throws(() => parseGridAxis("quorum="), GridSpecError);
  });

  test("expands the grid row-major and rejects unknown keys, naming them", () => {
    const points = expandGrid([
      { key: "a", values: [1, 2] },
      { key: "b", values: ["x", "y", "z"] },
    ]);
    assert.equal(points.length, 6);
    assert.deepEqual(points[1], { a: 1, b: "y" });
    assert.throws(() => applyGridPoint(small, { "malicious.nope": 1 }), /malicious\.nope/);
    assert.throws(() => applyGridPoint(small, { "governance.voting.quorumBps": 0 }), /governance\.voting\.quorumBps/);
  });

  test("runs grid x seeds with 95% confidence intervals, common seeds across points", async () => {
    const progress: number[] = [];
    const result = await runWhatIf({
      scenario: small,
      grid: [{ key: "governance.voting.quorumBps", values: [2_000, 9_000] }],
      seeds: 3,
      baseSeed: 10,
      charts: true,
      onProgress: (f) => progress.push(f),
    });
    assert.equal(result.points.length, 2);
    for (const p of result.points) {
      assert.deepEqual(
        p.runs.map((r) => r.seed),
        [10, 11, 12],
      );
      const lat = p.metrics.decisionLatencyP50Hours;
      assert.equal(lat.n, 3);
      assert.ok(lat.ciLow <= lat.mean && lat.mean <= lat.ciHigh);
      assert.ok(p.charts !== undefined && p.charts.decisionFlow.length > 0);
    }
    // A 90% quorum loses liveness that a 20% quorum keeps.
    const [low, high] = result.points;
    assert.ok((high?.metrics.livenessLost.mean ?? 0) > (low?.metrics.livenessLost.mean ?? 0));
    assert.equal(progress.at(-1), 1);
    assert.ok(
      progress.every((f, i) => i === 0 || f >= (progress[i - 1] as number)),
      "progress never goes back",
    );

    const csv = whatIfToCsv(result).trim().split("\n");
    assert.equal(csv.length, 3);
    const header = csv[0]?.split(",") ?? [];
    assert.deepEqual(header.slice(0, 3), ["point", "governance.voting.quorumBps", "seeds"]);
    assert.ok(header.includes("reputationAuc_ci_high"));
  });

  test("the same grid and seeds give identical results", async () => {
    const opts = { scenario: small, grid: [{ key: "malicious.fraction", values: [0.2] }], seeds: 2 };
    const a = await runWhatIf(opts);
    const b = await runWhatIf(opts);
    assert.deepEqual(
      a.points.map((p) => p.runs),
      b.points.map((p) => p.runs),
    );
  });
});
