import assert from "node:assert/strict";
import { test } from "node:test";
import { swimExpectedFirstDetection, swimFalseSuspicionProbability } from "./analytic.ts";
import type { DcosParams, DeepPartial } from "./params.ts";
import { DcosTwin } from "./twin.ts";

/** One observed cell of `members` tiles and nothing else going on. */
function singleCell(members: number, swim: DeepPartial<DcosParams["swim"]>, seed = 11): DcosTwin {
  return new DcosTwin({
    seed,
    layers: 1,
    clustersPerLayer: 1,
    cellsPerCluster: 1,
    tilesPerCell: members,
    failureRatePerYear: 0,
    cellFailureRatePerYear: 0,
    clusterFailureRatePerYear: 0,
    replaceAfterHours: 30 / 3600,
    durability: { fragmentsPerTile: 0 },
    thermal: { enabled: false },
    hlc: { groupSize: 0 },
    swim: { observedCells: 1, packetLoss: 0, ...swim },
  });
}

test("mean time to first detection is within 5% of SWIM's T'/(1 - e^(-q_f))", () => {
  const members = 200;
  const failedPerTrial = 20; // q_f = 180/200 = 0.9
  const trials = 100;
  const spacing = 100; // periods between trials: detection, suspicion, dissemination and rejoin fit inside
  const twin = singleCell(members, { periodSeconds: 1 });
  const rng = twin.sim.rng.fork("victims");
  for (let k = 0; k < trials; k++) {
    // Just before a period boundary, so the failure precedes that period's probes (the paper's setting).
    const at = (k + 1) * spacing - 1e-6;
    const chosen = new Set<number>();
    while (chosen.size < failedPerTrial) chosen.add(rng.int(members));
    for (const g of chosen) twin.scheduleFailure(g, at);
  }
  twin.runFor({ untilSeconds: (trials + 1) * spacing });
  const obs = twin.result().summary.swim.observed;
  // A few failures of tiles whose previous incarnation's news was still spreading go unsampled.
  assert.ok(obs.samples >= 0.95 * trials * failedPerTrial, `${obs.samples} detection samples`);
  const theory = swimExpectedFirstDetection(1, (members - failedPerTrial) / members);
  const measured = obs.firstDetectionMeanSeconds!;
  assert.ok(
    Math.abs(measured - theory) / theory < 0.05,
    `measured ${measured.toFixed(4)} s vs theory ${theory.toFixed(4)} s`,
  );
  // Every failure is eventually known by every live member, and nothing live was declared dead.
  assert.ok(
    obs.everyoneKnowsSamples >= 0.9 * trials * failedPerTrial,
    `${obs.everyoneKnowsSamples} dissemination samples`,
  );
  assert.equal(obs.falsePositives, 0);
});

test("probes of live members fail at the analytic rate under packet loss", () => {
  const members = 128;
  const loss = 0.03;
  const k = 1;
  const twin = singleCell(members, { packetLoss: loss, indirectProbes: k }, 5);
  twin.runFor({ untilSeconds: 400 });
  const obs = twin.result().summary.swim.observed;
  const p = swimFalseSuspicionProbability(loss, k);
  const expected = obs.probes * p;
  const measured = obs.falseSuspicionsPerProbe * obs.probes;
  const sd = Math.sqrt(expected * (1 - p));
  assert.ok(
    Math.abs(measured - expected) < 4 * sd,
    `failed probes ${measured} vs expected ${expected.toFixed(1)} +- ${sd.toFixed(1)}`,
  );
  // Suspicions are mostly refuted; the remainder are the false positives the twin reports.
  assert.ok(obs.refutations > 0);
  assert.ok(obs.falsePositives <= obs.falseSuspicions);
});
