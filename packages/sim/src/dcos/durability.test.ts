import assert from "node:assert/strict";
import { test } from "node:test";
import { binomialInterval, stripeLossProbability } from "./analytic.ts";
import { DcosTwin } from "./twin.ts";

test("stripe loss probability: no failures, no loss; certain failure without repair, certain loss", () => {
  assert.equal(stripeLossProbability(20, 60, 0, 1e-3, 86400), 0);
  assert.ok(stripeLossProbability(2, 4, 1e-2, 1e-12, 1e5) > 0.999);
  // More parity means less loss.
  assert.ok(stripeLossProbability(4, 8, 1e-5, 1e-3, 86400) < stripeLossProbability(4, 6, 1e-5, 1e-3, 86400));
});

test("measured data loss matches the analytic probability within its 99% interval (accelerated failures)", () => {
  const hours = 48;
  const twin = new DcosTwin({
    seed: 4,
    layers: 1,
    clustersPerLayer: 4,
    cellsPerCluster: 16,
    tilesPerCell: 64,
    failureRatePerYear: 876, // one failure per tile every 10 hours
    cellFailureRatePerYear: 0,
    clusterFailureRatePerYear: 0,
    replaceAfterHours: 0.5,
    durability: { k: 4, n: 8, fragmentsPerTile: 2, repairMeanSeconds: 3600 },
    thermal: { enabled: false },
    hlc: { groupSize: 0 },
    swim: { observedCells: 0 },
  });
  twin.runFor({ untilSeconds: hours * 3600 });
  const d = twin.result().summary.durability;
  assert.equal(d.stripes, 1024);
  const ci = binomialInterval(d.stripes, d.analyticLossProbabilityPerStripe);
  assert.ok(ci.mean > 20, "the accelerated setting must make loss measurable");
  assert.ok(
    d.stripesLost >= ci.low && d.stripesLost <= ci.high,
    `lost ${d.stripesLost}, analytic ${ci.mean.toFixed(1)} [${ci.low.toFixed(1)}, ${ci.high.toFixed(1)}]`,
  );
  assert.ok(d.fragmentsRepaired > 1000);
});

test("at the default 5%/year with k=20, n=60 a day loses nothing", () => {
  const twin = new DcosTwin({
    seed: 2,
    layers: 2,
    clustersPerLayer: 2,
    cellsPerCluster: 16,
    tilesPerCell: 64,
    hlc: { groupSize: 0 },
    swim: { observedCells: 0 },
  });
  twin.runFor({ untilSeconds: 86400 });
  const d = twin.result().summary.durability;
  assert.equal(d.stripesLost, 0);
  assert.ok(d.analyticLossProbabilityPerStripe < 1e-30);
});
