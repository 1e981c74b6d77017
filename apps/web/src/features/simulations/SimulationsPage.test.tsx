import { runDcos } from "@aos/sim/dcos/runDcos.ts";
import { resolveScenario } from "@aos/sim/governance/scenario.ts";
import { runGovernanceSimulation } from "@aos/sim/governance/simulate.ts";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, test } from "vitest";
import { layoutNetwork } from "./layout";
import { governanceFormFor, scenarioRaw } from "./params";
import type { DcosRun, FinishedRun, GovernanceRun, RunRequest, WorkerMessage } from "./protocol";
import { RunResults } from "./Results";
import { clearRuns } from "./runStore";
import { SimulationsPage } from "./SimulationsPage";

/** A stand-in for the Web Worker: records requests and lets the test send its messages. */
class FakeWorker {
  onmessage: ((e: MessageEvent<WorkerMessage>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  requests: RunRequest[] = [];
  terminated = false;
  postMessage(req: RunRequest) {
    this.requests.push(req);
  }
  terminate() {
    this.terminated = true;
  }
  emit(message: WorkerMessage) {
    act(() => this.onmessage?.({ data: message } as MessageEvent<WorkerMessage>));
  }
}

let dcosFixture: DcosRun;
let governanceFixture: GovernanceRun;

beforeAll(() => {
  // Real results of small runs, so the fixtures have the simulators' exact shapes.
  dcosFixture = {
    kind: "dcos",
    result: runDcos({
      layers: 2,
      clustersPerLayer: 2,
      cellsPerCluster: 4,
      tilesPerCell: 16,
      simHours: 2,
      failureRatePerYear: 2000,
      cellFailureRatePerYear: 500,
      durability: { k: 4, n: 8 },
      hlc: { groupSize: 0 },
      thermal: { rejectionFactor: [0.85, 0.85], radiatorDipsPerDay: 24, sampleSeconds: 600 },
    }),
  };
  const scenario = resolveScenario({ ...scenarioRaw("normal_operation"), bots: 120, durationTicks: 200 });
  const result = runGovernanceSimulation(scenario, { seed: 2 });
  governanceFixture = {
    kind: "governance",
    result,
    network: layoutNetwork(result.charts?.reputationNetwork ?? { nodes: [], edges: [] }),
    durationTicks: 200,
    tickSeconds: 3600,
  };
});

function finished(outcome: FinishedRun["outcome"], id = "fixture"): FinishedRun {
  return { id, kind: outcome.kind, label: `${outcome.kind} fixture`, startedAt: 0, wallMs: 1500, outcome };
}

describe("results", () => {
  test("a DCOS result shows its summary and the heatmap, histogram and incidents containers", async () => {
    render(<RunResults run={finished(dcosFixture)} />);
    expect(screen.getByRole("heading", { name: "Results: dcos fixture" })).toBeInTheDocument();
    expect(screen.getByText("Tiles").nextSibling).toHaveTextContent("256");
    for (const id of ["chart-thermal-heatmap", "chart-detection-histogram", "chart-incidents"]) {
      expect(screen.getByTestId(id)).toBeInTheDocument();
    }
    expect(screen.queryByTestId("chart-decision-flow")).toBeNull();
    // The heatmap is plain SVG, so it is drawn even in jsdom: the container says so.
    await waitFor(() => expect(screen.getByTestId("chart-thermal-heatmap")).toHaveAttribute("data-ready", "true"), {
      timeout: 10_000,
    });
    expect(within(screen.getByTestId("chart-thermal-heatmap")).getByRole("img")).toHaveAccessibleName(
      /Heatmap of thermal load for 2 layers/,
    );
    expect(screen.getByRole("button", { name: "Download results (JSON)" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Download CSV" })).toBeInTheDocument();
  });

  test("a governance result shows the decision flow, reputation network and incidents containers", async () => {
    render(<RunResults run={finished(governanceFixture)} />);
    for (const id of ["chart-decision-flow", "chart-reputation-network", "chart-incidents"]) {
      expect(screen.getByTestId(id)).toBeInTheDocument();
    }
    expect(screen.queryByTestId("chart-thermal-heatmap")).toBeNull();
    expect(screen.queryByRole("button", { name: "Download CSV" })).toBeNull();
    await waitFor(() => expect(screen.getByTestId("chart-reputation-network")).toHaveAttribute("data-ready", "true"), {
      timeout: 10_000,
    });
    const network = within(screen.getByTestId("chart-reputation-network"));
    expect(network.getByRole("img")).toHaveAccessibleName(/Reputation network: 120 accounts/);
    expect(network.getAllByRole("row").length).toBeGreaterThan(1);
    // The decision flow's table alternative lists the outcomes.
    await waitFor(() =>
      expect(
        within(screen.getByTestId("chart-decision-flow")).getByRole("list", { name: "Decision flow" }),
      ).toBeInTheDocument(),
    );
  });
});

describe("simulations page", () => {
  function setup() {
    clearRuns();
    const workers: FakeWorker[] = [];
    const factory = () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    };
    render(<SimulationsPage workerFactory={factory} />);
    return { workers, user: userEvent.setup() };
  }

  test("a bad field is named next to it and no worker starts", async () => {
    const { workers, user } = setup();
    const layers = screen.getByLabelText("Layers");
    await user.clear(layers);
    await user.type(layers, "0");
    await user.click(screen.getByRole("button", { name: "Start simulation" }));
    expect(layers).toHaveAttribute("aria-invalid", "true");
    expect(layers).toHaveAccessibleDescription(/Layers must be from 1 to 16, got 0\./);
    expect(workers).toHaveLength(0);
  });

  test("progress, then the result, which joins the session's runs", async () => {
    const { workers, user } = setup();
    expect(screen.getByText("= 16,384 tiles (nodes)")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Start simulation" }));
    const w = workers[0] as FakeWorker;
    const req = w.requests[0] as Extract<RunRequest, { kind: "dcos" }>;
    expect(req).toMatchObject({ type: "run", kind: "dcos", params: { layers: 4, tilesPerCell: 64, simHours: 12 } });
    w.emit({ type: "progress", id: req.id, phase: "simulating", fraction: 0.5, simSeconds: 6 * 3600, events: 123456 });
    const bar = screen.getByRole("progressbar", { name: "Simulation progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "50");
    expect(screen.getByText(/Simulated 6\.0 h of 12 h · 123,456 events/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Start simulation" })).toBeDisabled();
    w.emit({ type: "result", id: req.id, outcome: dcosFixture, wallMs: 2500 });
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(screen.getByTestId("chart-thermal-heatmap")).toBeInTheDocument();
    expect(w.terminated).toBe(true);
    const runs = screen.getByRole("heading", { name: "Runs in this session" }).closest("section") as HTMLElement;
    expect(within(runs).getByRole("button", { name: /DCOS twin, 16,384 tiles, 12 h, seed 1/ })).toBeInTheDocument();
  });

  test("cancel terminates the worker and says how far it got", async () => {
    const { workers, user } = setup();
    await user.click(screen.getByRole("radio", { name: /Governance/ }));
    expect(screen.getByLabelText("Scenario")).toHaveValue("normal_operation");
    await user.click(screen.getByRole("button", { name: "Start simulation" }));
    const w = workers[0] as FakeWorker;
    const req = w.requests[0] as Extract<RunRequest, { kind: "governance" }>;
    expect(req.scenario).toMatchObject({
      name: "normal_operation",
      bots: Number(governanceFormFor("normal_operation").bots),
    });
    w.emit({ type: "progress", id: req.id, phase: "simulating", fraction: 0.25, simSeconds: 500 * 3600, events: null });
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(w.terminated).toBe(true);
    expect(screen.getByText(/Cancelled after 500 h of simulated time \(25%\)/)).toBeInTheDocument();
  });

  test("a parameter error from the worker is named next to its field", async () => {
    const { workers, user } = setup();
    await user.click(screen.getByRole("button", { name: "Start simulation" }));
    const w = workers[0] as FakeWorker;
    const id = (w.requests[0] as RunRequest).id;
    w.emit({
      type: "error",
      id,
      error: { name: "DcosParamError", field: "swim.packetLoss", message: "swim.packetLoss: must be in [0, 1)" },
    });
    expect(screen.getAllByRole("alert").some((a) => a.textContent?.includes("The simulation stopped."))).toBe(true);
    expect(screen.getByLabelText("Packet loss")).toHaveAccessibleDescription(
      /DcosParamError in Packet loss: swim.packetLoss: must be in \[0, 1\)/,
    );
  });
});
