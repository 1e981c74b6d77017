import { DcosParamError } from "@aos/sim/dcos/params.ts";
import { runDcos } from "@aos/sim/dcos/runDcos.ts";
import { resolveScenario, ScenarioError } from "@aos/sim/governance/scenario.ts";
import type { GovernanceRunResult } from "@aos/sim/governance/simulate.ts";
import { describe, expect, test } from "vitest";
import { layoutNetwork } from "./layout";
import {
  type FinishedRun,
  governanceSimSeconds,
  handleRunRequest,
  type RunState,
  runReducer,
  toSimError,
  type WorkerDeps,
  type WorkerMessage,
} from "./protocol";

/** Fake simulators: the test decides what they report and return. */
function fakeDeps(over: Partial<WorkerDeps> = {}): { deps: WorkerDeps; posted: WorkerMessage[] } {
  const posted: WorkerMessage[] = [];
  let clock = 1000;
  const deps: WorkerDeps = {
    post: (m) => posted.push(m),
    now: () => {
      clock += 250;
      return clock;
    },
    runDcos: () => {
      throw new Error("fake runDcos not set");
    },
    resolveScenario,
    runGovernance: () => {
      throw new Error("fake runGovernance not set");
    },
    layoutNetwork: () => ({
      width: 1,
      height: 1,
      nodes: [],
      edges: [],
      totalNodes: 0,
      totalEdges: 0,
      maxReputation: 0,
    }),
    ...over,
  };
  return { deps, posted };
}

const fakeGovernanceResult = {
  scenario: "normal_operation",
  seed: 3,
  metrics: { simulatedHours: 12 },
  charts: {
    decisionFlow: [],
    reputationNetwork: { nodes: [{ id: 0, strategy: "honest", malicious: false, reputation: 1 }], edges: [] },
    incidents: { timeline: [], truncated: false, totals: {} },
  },
} as unknown as GovernanceRunResult;

describe("worker side", () => {
  test("a DCOS run posts its progress (fraction, simulated time, events) and then its result", () => {
    const { deps, posted } = fakeDeps({
      runDcos: (_params, { onProgress }) => {
        onProgress(0.5, 1800, 1000);
        onProgress(1, 3600, 2100);
        return { format: "aos-dcos-result/1" } as never;
      },
    });
    handleRunRequest({ type: "run", id: "a", kind: "dcos", params: { simHours: 1 } }, deps);
    expect(posted).toEqual([
      { type: "progress", id: "a", phase: "simulating", fraction: 0.5, simSeconds: 1800, events: 1000 },
      { type: "progress", id: "a", phase: "simulating", fraction: 1, simSeconds: 3600, events: 2100 },
      { type: "result", id: "a", outcome: { kind: "dcos", result: { format: "aos-dcos-result/1" } }, wallMs: 250 },
    ]);
  });

  test("a governance run resolves the scenario, reports simulated time, lays out the network, then posts the result", () => {
    const seen: unknown[] = [];
    const { deps, posted } = fakeDeps({
      runGovernance: (scenario, { seed, onProgress }) => {
        seen.push(scenario.bots, seed);
        onProgress(0.475);
        return fakeGovernanceResult;
      },
      layoutNetwork: (network) => layoutNetwork(network),
    });
    handleRunRequest(
      { type: "run", id: "g", kind: "governance", scenario: { name: "t", bots: 20, durationTicks: 10 }, seed: 3 },
      deps,
    );
    expect(seen).toEqual([20, 3]);
    expect(posted.map((m) => m.type)).toEqual(["progress", "progress", "result"]);
    expect(posted[0]).toMatchObject({ phase: "simulating", fraction: 0.475, simSeconds: 5 * 3600, events: null });
    expect(posted[1]).toMatchObject({ phase: "layout" });
    const result = posted[2] as Extract<WorkerMessage, { type: "result" }>;
    expect(result.outcome).toMatchObject({ kind: "governance", durationTicks: 10, tickSeconds: 3600 });
    expect(result.outcome.kind === "governance" && result.outcome.network?.nodes).toHaveLength(1);
  });

  test("bad parameters come back as named errors with their field", () => {
    const dcos = fakeDeps({
      runDcos: () => {
        throw new DcosParamError("swim.packetLoss", "must be in [0, 1)");
      },
    });
    handleRunRequest({ type: "run", id: "e", kind: "dcos", params: {} }, dcos.deps);
    expect(dcos.posted).toEqual([
      {
        type: "error",
        id: "e",
        error: { name: "DcosParamError", field: "swim.packetLoss", message: "swim.packetLoss: must be in [0, 1)" },
      },
    ]);

    const gov = fakeDeps();
    handleRunRequest({ type: "run", id: "s", kind: "governance", scenario: { bots: 1 }, seed: 1 }, gov.deps);
    expect(gov.posted).toHaveLength(1);
    expect(gov.posted[0]).toMatchObject({ type: "error", error: { name: "ScenarioError", field: "bots" } });
  });

  test("errors of any kind become data", () => {
    expect(toSimError(new ScenarioError("malicious.fraction", "must be in [0, 0.99]"))).toMatchObject({
      name: "ScenarioError",
      field: "malicious.fraction",
    });
    expect(toSimError(new RangeError("boom"))).toEqual({ name: "RangeError", field: null, message: "boom" });
    expect(toSimError("odd")).toEqual({ name: "Error", field: null, message: "odd" });
  });

  test("with the real twin, a tiny fleet runs to the end through the protocol", () => {
    const { deps, posted } = fakeDeps({ runDcos });
    handleRunRequest(
      {
        type: "run",
        id: "real",
        kind: "dcos",
        params: {
          layers: 1,
          clustersPerLayer: 1,
          cellsPerCluster: 4,
          tilesPerCell: 16,
          simHours: 0.05,
          durability: { k: 2, n: 4 },
          hlc: { groupSize: 0 },
          thermal: { rejectionFactor: [0.85] },
        },
      },
      deps,
    );
    const progress = posted.filter((m) => m.type === "progress");
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toMatchObject({ fraction: 1, simSeconds: 180 });
    const last = posted.at(-1) as Extract<WorkerMessage, { type: "result" }>;
    expect(last.type).toBe("result");
    expect(last.outcome.kind === "dcos" && last.outcome.result.summary.nodes).toBe(64);
  });

  test("governance simulated time follows the 95% of progress spent on ticks", () => {
    expect(governanceSimSeconds(0, 100, 3600)).toBe(0);
    expect(governanceSimSeconds(0.95, 100, 3600)).toBe(360_000);
    expect(governanceSimSeconds(1, 100, 3600)).toBe(360_000);
  });
});

describe("page side", () => {
  const start = { type: "start", id: "r1", kind: "dcos", label: "DCOS", startedAt: 5 } as const;
  const running = runReducer({ status: "idle" }, start);

  test("start, progress, result", () => {
    expect(running).toMatchObject({ status: "running", progress: { fraction: 0 } });
    const s1 = runReducer(running, {
      type: "message",
      message: { type: "progress", id: "r1", phase: "simulating", fraction: 0.3, simSeconds: 60, events: 9 },
    });
    expect(s1).toMatchObject({ status: "running", progress: { fraction: 0.3, simSeconds: 60, events: 9 } });
    const outcome = { kind: "dcos", result: {} } as FinishedRun["outcome"];
    const s2 = runReducer(s1, { type: "message", message: { type: "result", id: "r1", outcome, wallMs: 1234 } });
    expect(s2).toEqual({
      status: "done",
      run: { id: "r1", kind: "dcos", label: "DCOS", startedAt: 5, wallMs: 1234, outcome },
    });
  });

  test("an error message ends the run with the named error", () => {
    const error = { name: "DcosParamError", field: "layers", message: "layers: must be an integer >= 1" };
    expect(runReducer(running, { type: "message", message: { type: "error", id: "r1", error } })).toEqual({
      status: "error",
      id: "r1",
      kind: "dcos",
      error,
    });
    expect(runReducer(running, { type: "crash", message: "out of memory" })).toMatchObject({
      status: "error",
      error: { name: "WorkerError", message: "out of memory" },
    });
  });

  test("cancel keeps the progress reached, and later messages of that run are ignored", () => {
    const s1 = runReducer(running, {
      type: "message",
      message: { type: "progress", id: "r1", phase: "simulating", fraction: 0.4, simSeconds: 100, events: 5 },
    });
    const cancelled = runReducer(s1, { type: "cancel" });
    expect(cancelled).toMatchObject({ status: "cancelled", progress: { fraction: 0.4 } });
    const late: RunState = runReducer(cancelled, {
      type: "message",
      message: { type: "result", id: "r1", outcome: { kind: "dcos", result: {} } as never, wallMs: 1 },
    });
    expect(late).toBe(cancelled);
    expect(runReducer({ status: "idle" }, { type: "cancel" })).toEqual({ status: "idle" });
  });

  test("messages of an older run do not touch the current one", () => {
    const s = runReducer(running, {
      type: "message",
      message: { type: "progress", id: "old", phase: "simulating", fraction: 0.9, simSeconds: 1, events: 1 },
    });
    expect(s).toBe(running);
  });
});
