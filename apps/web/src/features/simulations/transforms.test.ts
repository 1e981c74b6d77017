import type { ProposalRecord } from "@aos/sim/governance/simulate.ts";
import { describe, expect, test } from "vitest";
import {
  decisionFlow,
  decisionFlowRows,
  HEAT_STOPS,
  heatColor,
  heatmapCells,
  heatmapScale,
  histogramBins,
  incidentLabel,
  incidentLanes,
  latencyByOutcome,
  niceTicks,
  quantile,
} from "./transforms";

describe("thermal heatmap", () => {
  const thermal = {
    times: [0, 900, 1800],
    load: [
      [0.5, 0.6, 0.7],
      [0.8, 0.95, 1.02],
    ],
  };

  test("the matrix becomes one cell per layer and sample, spanning to the next sample", () => {
    const cells = heatmapCells(thermal);
    expect(cells).toHaveLength(6);
    expect(cells[0]).toEqual({ layer: 0, sample: 0, t0: 0, t1: 0.25, value: 0.5 });
    expect(cells[5]).toEqual({ layer: 1, sample: 2, t0: 0.5, t1: 0.75, value: 1.02 });
  });

  test("the colour scale covers the data and the threshold", () => {
    const s = heatmapScale(thermal.load, 0.9);
    expect(s.min).toBeLessThanOrEqual(0.5);
    expect(s.max).toBeGreaterThanOrEqual(1.02);
    expect(s.threshold).toBe(0.9);
    // The warm-up from zero at the start does not stretch the scale: it takes the coolest colour.
    const warmUp = heatmapScale([[0, ...new Array(40).fill(0.87)]], 0.9);
    expect(warmUp.min).toBeGreaterThan(0.5);
    const flat = heatmapScale([[0.87, 0.87]], 0.9);
    expect(flat.min).toBeLessThan(0.87);
    expect(flat.max).toBeGreaterThan(0.9);
    expect(heatmapScale([], 0.9)).toEqual({ min: 0, max: 1, threshold: 0.9 });
  });

  test("colours run from the coolest stop to the hottest and clamp outside the domain", () => {
    const s = { min: 0, max: 1, threshold: 0.9 };
    const rgb = (c: number[]) => `rgb(${c.join(", ")})`;
    expect(heatColor(0, s)).toBe(rgb(HEAT_STOPS[0] as number[]));
    expect(heatColor(1, s)).toBe(rgb(HEAT_STOPS[HEAT_STOPS.length - 1] as number[]));
    expect(heatColor(-5, s)).toBe(heatColor(0, s));
    expect(heatColor(7, s)).toBe(heatColor(1, s));
    expect(heatColor(0.5, s)).not.toBe(heatColor(0.6, s));
  });
});

describe("detection histogram", () => {
  test("bins carry counts and shares of each series, trailing empty bins cut", () => {
    const bins = histogramBins({
      binSeconds: 0.5,
      observed: [0, 1, 3, 0, 0, 0, 0, 0],
      aggregate: [2, 4, 2, 0, 0, 0, 0, 0],
    });
    expect(bins).toHaveLength(4);
    expect(bins[1]).toMatchObject({
      start: 0.5,
      mid: 0.75,
      end: 1,
      observed: 1,
      aggregate: 4,
      observedShare: 0.25,
      aggregateShare: 0.5,
    });
    expect(bins.reduce((a, b) => a + b.observedShare, 0)).toBeCloseTo(1);
  });

  test("the range reaches past the theoretical time, and empty series give zero shares", () => {
    const bins = histogramBins(
      { binSeconds: 0.5, observed: new Array(40).fill(0), aggregate: [1, ...new Array(39).fill(0)] },
      3,
    );
    expect(bins.length).toBe(7);
    expect(bins.every((b) => b.observedShare === 0)).toBe(true);
  });
});

describe("incidents timeline", () => {
  test("one lane per type, busiest first, points in hours, with readable labels", () => {
    const lanes = incidentLanes([
      { t: 7200, type: "radiator_dip", detail: "layer 1" },
      { t: 3600, type: "cell_failure" },
      { t: 1800, type: "radiator_dip" },
    ]);
    expect(lanes.map((l) => [l.type, l.lane, l.count])).toEqual([
      ["radiator_dip", 0, 2],
      ["cell_failure", 1, 1],
    ]);
    expect(lanes[0]?.points).toEqual([
      { hours: 0.5, lane: 0 },
      { hours: 2, lane: 0, detail: "layer 1" },
    ]);
    expect(lanes[1]?.label).toBe("Cell lost");
    expect(incidentLabel("some_new_kind")).toBe("Some new kind");
  });

  test("a busy lane is thinned evenly but keeps its true count", () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ t: i * 60, type: "spam_rejected" }));
    const [lane] = incidentLanes(events, 100);
    expect(lane?.count).toBe(1000);
    expect(lane?.points).toHaveLength(100);
    expect(lane?.points[99]?.hours).toBeCloseTo((990 * 60) / 3600);
  });

  test("no events, no lanes", () => {
    expect(incidentLanes([])).toEqual([]);
  });
});

function proposal(over: Partial<ProposalRecord>): ProposalRecord {
  return {
    id: 0,
    proposer: 1,
    kind: "ordinary",
    harmful: false,
    domain: 0,
    state: "executed",
    createdAt: 0,
    activeAt: 3600,
    voteEnd: 3600 * 4,
    queuedAt: 3600 * 4,
    eta: 3600 * 6,
    extensionSeconds: 0,
    vetoes: 0,
    finalAt: 3600 * 7,
    forWeight: 1,
    againstWeight: 0,
    abstainWeight: 0,
    totalWeight: 1,
    quorumWeight: 0.5,
    noQuorum: false,
    consensusSeconds: 0,
    maliciousShare: 0,
    honestReachableWeight: 1,
    maliciousCast: 0,
    theoryNoQuorum: false,
    safetyViolation: null,
    ...over,
  };
}

describe("decision flow", () => {
  const records = [
    proposal({ id: 0 }),
    proposal({ id: 1, state: "defeated", queuedAt: Number.NaN, eta: Number.NaN, finalAt: 3600 * 4, noQuorum: true }),
    proposal({ id: 2, state: "defeated", queuedAt: Number.NaN, eta: Number.NaN, finalAt: 3600 * 4 }),
    proposal({
      id: 3,
      kind: "agent_request",
      activeAt: 0,
      voteEnd: 0,
      queuedAt: 0,
      state: "vetoed",
      harmful: true,
      finalAt: 3600,
    }),
    proposal({ id: 4, state: "active", queuedAt: Number.NaN, eta: Number.NaN, finalAt: Number.NaN }),
  ];

  test("rows give the latency from submission to the final state and the time in each stage", () => {
    const rows = decisionFlowRows(records);
    expect(rows[0]).toMatchObject({
      outcome: "executed",
      latencyHours: 7,
      pendingHours: 1,
      votingHours: 3,
      timelockHours: 3,
    });
    expect(rows[1]).toMatchObject({ outcome: "defeated", latencyHours: 4, timelockHours: 0, noQuorum: true });
    expect(rows[3]).toMatchObject({ outcome: "vetoed", latencyHours: 1, votingHours: 0, timelockHours: 1 });
    expect(rows[4]).toMatchObject({ outcome: "open", latencyHours: null });
  });

  test("the flow counts proposals through the vote and the timelock", () => {
    expect(decisionFlow(records)).toEqual({
      submitted: 5,
      voted: 4,
      agentRequests: 1,
      passedVote: 1,
      defeated: 2,
      noQuorum: 1,
      queued: 2,
      executed: 1,
      vetoed: 1,
      expired: 0,
      open: 1,
    });
  });

  test("latency percentiles by outcome leave out outcomes that did not happen", () => {
    const summary = latencyByOutcome(decisionFlowRows(records));
    expect(summary.map((s) => s.outcome)).toEqual(["executed", "vetoed", "defeated", "open"]);
    expect(summary.find((s) => s.outcome === "defeated")).toMatchObject({ count: 2, p50Hours: 4, p90Hours: 4 });
    expect(summary.find((s) => s.outcome === "open")).toMatchObject({ count: 1, p50Hours: null });
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe("axis ticks", () => {
  test("round steps from zero up to the end", () => {
    expect(niceTicks(12)).toEqual([0, 2, 4, 6, 8, 10, 12]);
    expect(niceTicks(2166, 5)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceTicks(0)).toEqual([0]);
  });
});
