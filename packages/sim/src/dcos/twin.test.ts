import assert from "node:assert/strict";
import { test } from "node:test";
import type { DcosParams, DeepPartial } from "./params.ts";
import { DcosParamError } from "./params.ts";
import { DcosTwin } from "./twin.ts";

/** Small fleet, every mechanism on, failures accelerated so something happens in minutes. */
const SMALL: DeepPartial<DcosParams> = {
  seed: 9,
  layers: 2,
  clustersPerLayer: 2,
  cellsPerCluster: 8,
  tilesPerCell: 128,
  failureRatePerYear: 500,
  cellFailureRatePerYear: 40,
  clusterFailureRatePerYear: 0,
  replaceAfterHours: 0.1,
  swim: { observedCells: 2, packetLoss: 0.02 },
  durability: { k: 6, n: 12, repairMeanSeconds: 300 },
  hlc: { groupSize: 12, clockSkewSeconds: 0.005 },
};

test("run to T equals run to T/2, checkpoint, JSON, fresh instance, resume to T (bit-identical)", () => {
  const T = 1800;
  const a = new DcosTwin(SMALL);
  a.runFor({ untilSeconds: T });
  const b = new DcosTwin(SMALL);
  b.runFor({ untilSeconds: T / 2 });
  const text = JSON.stringify(b.checkpoint());
  const c = DcosTwin.fromCheckpoint(JSON.parse(text));
  c.runFor({ untilSeconds: T });
  assert.equal(JSON.stringify(c.result()), JSON.stringify(a.result()));
  assert.equal(JSON.stringify(c.checkpoint()), JSON.stringify(a.checkpoint()));
  assert.ok(a.result().summary.failures.independent > 0);
});

test("same seed, same result; another seed, another result", () => {
  const x = new DcosTwin(SMALL);
  const y = new DcosTwin(SMALL);
  const z = new DcosTwin({ ...SMALL, seed: 10 });
  for (const t of [x, y, z]) t.runFor({ untilSeconds: 600 });
  assert.equal(JSON.stringify(x.result()), JSON.stringify(y.result()));
  assert.notEqual(JSON.stringify(x.result()), JSON.stringify(z.result()));
});

test("hybrid logical clocks: no message is delivered before its causes, despite reordering and skew", () => {
  const twin = new DcosTwin({
    ...SMALL,
    hlc: { groupSize: 16, messagesPerMemberPerSecond: 2, clockSkewSeconds: 0.01 },
  });
  twin.runFor({ untilSeconds: 300 });
  const causal = twin.result().summary.causal!;
  assert.ok(causal.deliveries > 10_000, `${causal.deliveries} deliveries`);
  assert.equal(causal.causalViolations, 0);
});

test("thermal backpressure: work placed only with headroom, time above 90% measured, heatmap per layer", () => {
  const twin = new DcosTwin({
    ...SMALL,
    failureRatePerYear: 0.05,
    cellFailureRatePerYear: 0,
    layers: 3,
    swim: { observedCells: 0 },
    hlc: { groupSize: 0 },
    thermal: {
      rejectionFactor: [0.85, 0.85, 0.85],
      radiatorDipsPerDay: 12,
      radiatorDipDepth: 0.25,
      demandUtilization: 0.8,
    },
    linkDelaySeconds: [0.002, 0.5, 30, 600],
  });
  twin.runFor({ untilSeconds: 86400 });
  const r = twin.result();
  const th = r.summary.thermal!;
  assert.ok(th.throttleSignals > 0, "radiator dips must trigger backpressure");
  assert.ok(
    th.hoursAboveThreshold.some((h) => h > 0),
    "delayed backpressure lets some layer pass 90% for a while",
  );
  for (const share of th.shareAboveThreshold) assert.ok(share < 0.25, `share above threshold ${share}`);
  assert.ok(th.placedShareOfDemand < 1, "demand beyond the thermal budget is not placed");
  const hm = r.series.thermal!;
  assert.equal(hm.load.length, 3);
  assert.equal(hm.load[0]!.length, hm.times.length);
  assert.ok(hm.times.length >= 96);
});

test("locality and overhead: traffic stays in its level, the OS costs less than 3% of capacity", () => {
  const twin = new DcosTwin({ ...SMALL, cellFailureRatePerYear: 0, failureRatePerYear: 5 });
  twin.runFor({ untilSeconds: 3600 });
  const s = twin.result().summary;
  assert.ok(s.locality.withinCell >= 0.9999, `within cell ${s.locality.withinCell}`);
  assert.ok(s.overhead.share > 0 && s.overhead.share <= 0.03, `overhead ${s.overhead.share}`);
  assert.ok(s.stateBytesPerNode < 256);
});

test("correlated failures: a whole cell fails and is detected by its parent", () => {
  const twin = new DcosTwin({ ...SMALL, failureRatePerYear: 0, cellFailureRatePerYear: 2000 });
  twin.runFor({ untilSeconds: 3600 });
  const s = twin.result().summary;
  assert.ok(s.failures.cellEvents > 0);
  assert.ok(s.failures.correlatedTiles > 0);
  assert.ok(s.swim.domainDetections > 0);
  assert.equal(
    s.durability.stripesLost,
    0,
    "one fragment per cell: a cell failure costs each stripe at most one fragment",
  );
});

test("bad parameters name the option", () => {
  assert.throws(
    () => new DcosTwin({ swim: { packetLoss: 2 } }),
    (e: unknown) => e instanceof DcosParamError && e.option === "swim.packetLoss",
  );
  assert.throws(
    () => new DcosTwin({ layers: 0 }),
    (e: unknown) => e instanceof DcosParamError && e.option === "layers",
  );
});
