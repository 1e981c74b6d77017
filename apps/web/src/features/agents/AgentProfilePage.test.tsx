/** The profile page with the data module's getAgentProfile replaced by a fake (no chain). */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { type AgentProfile, ETH } from "@/data/agents";
import { AgentProfilePage } from "./AgentProfilePage";

const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const fakes = vi.hoisted(() => ({ getAgentProfile: vi.fn() }));
vi.mock("@/data/agents", async (original) => ({
  ...(await original<typeof import("@/data/agents")>()),
  getAgentProfile: fakes.getAgentProfile,
}));
vi.mock("wagmi", () => ({ useAccount: () => ({ address: undefined }) }));
// The charts are recharts (measured by the browser); stand-ins show what they were given.
vi.mock("@/components/charts/KarmaRadar", () => ({
  default: ({ data }: { data: { name: string; value: number }[] }) => (
    <div>{`radar: ${data.map((d) => `${d.name}=${d.value}`).join(", ")}`}</div>
  ),
}));
vi.mock("@/components/charts/KarmaHistory", () => ({
  default: ({ series, rows }: { series: { name: string }[]; rows: unknown[] }) => (
    <div>{`history: ${series.map((s) => s.name).join(", ")} over ${rows.length} times`}</div>
  ),
}));

const NOW = 1_800_000_000;
const aUSD = { address: "0x67d269191c92Caf3cD7723F116c85e6E9bf55933", symbol: "aUSD", decimals: 18 } as const;

const PROFILE: AgentProfile = {
  address: BOB,
  karma: [
    { id: 2, name: "reliability.task_completion", kind: "Reliability", baseline: 0n, value: 0n, karma: 0.83 },
    { id: 5, name: "accuracy.code_review", kind: "Accuracy", baseline: 0n, value: 0n, karma: 0.75 },
    { id: 8, name: "accuracy.simulation", kind: "Accuracy", baseline: 0n, value: 0n, karma: 0.34 },
  ],
  history: [
    {
      dimension: 8,
      name: "accuracy.simulation",
      kind: "Accuracy",
      points: [
        { time: NOW - 100, value: 0.1 },
        { time: NOW, value: 0.34 },
      ],
    },
  ],
  record: { tasksCompleted: 5, tasksFailed: 0, trustDepth: 1, totalEarnedNative: 77n * 10n ** 16n },
  earned: { native: 77n * 10n ** 16n, token: 0n },
  demoToken: aUSD,
  stake: {
    native: { free: 10n ** 18n, locked: 2n * 10n ** 16n },
    token: { free: 0n, locked: 0n },
    standing: 102n * 10n ** 16n,
    minimumStake: 10n ** 16n,
    pendingNative: { amount: 5n * 10n ** 17n, readyAt: NOW + 3600 },
    pendingToken: { amount: 0n, readyAt: 0 },
  },
  tasks: [
    {
      id: 6n,
      roles: ["agent"],
      state: "Accepted",
      token: ETH,
      bounty: 2n * 10n ** 17n,
      taskType: 2,
      domain: 8,
      payment: 2n * 10n ** 17n,
      time: NOW - 50,
    },
    {
      id: 8n,
      roles: ["agent"],
      state: "Submitted",
      token: ETH,
      bounty: 3n * 10n ** 17n,
      taskType: 1,
      domain: 5,
      time: NOW,
    },
  ],
  chainNow: NOW,
  clockOffset: NOW - Date.now() / 1000,
};

function renderPage(address: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <AgentProfilePage address={address} />
    </QueryClientProvider>,
  );
}

describe("AgentProfilePage", () => {
  beforeEach(() => {
    fakes.getAgentProfile.mockReset();
  });

  it("names a bad address and reads nothing", () => {
    renderPage("not-an-address");
    expect(screen.getByRole("alert")).toHaveTextContent('"not-an-address" is not an Ethereum address');
    expect(screen.getByRole("link", { name: "Back to the leaderboard" })).toHaveAttribute("href", "/agents");
    expect(fakes.getAgentProfile).not.toHaveBeenCalled();
  });

  it("decodes the address from the URL before naming it", () => {
    renderPage("0x12%2034");
    expect(screen.getByRole("alert")).toHaveTextContent('"0x12 34" is not an Ethereum address');
  });

  it("shows karma on every dimension, its history, stake, earnings and tasks", async () => {
    fakes.getAgentProfile.mockResolvedValue(PROFILE);
    renderPage(BOB.toLowerCase());
    expect(
      await screen.findByText(/radar: Task completion=0.83, Code review=0.75, Simulation=0.34/),
    ).toBeInTheDocument();
    expect(fakes.getAgentProfile).toHaveBeenCalledWith(BOB);
    expect(screen.getByTestId("karma-radar")).toBeInTheDocument();
    expect(await screen.findByText("history: Simulation over 2 times")).toBeInTheDocument();
    expect(screen.getByText("Tasks completed").nextSibling).toHaveTextContent("5");
    expect(screen.getByText("Earned in ETH").nextSibling).toHaveTextContent("0.77 ETH");
    expect(screen.getByText("Locked").nextSibling).toHaveTextContent("0.02 ETH");
    expect(screen.getByText("Can claim tasks")).toBeInTheDocument();
    expect(screen.getByText(/0.5 ETH/).querySelector("time") ?? screen.getByText(/left$/)).toBeInTheDocument();

    const rows = screen.getAllByTestId("agent-task-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole("link", { name: "Task #6" })).toHaveAttribute("href", "/tasks/6");
    expect(rows[0]).toHaveTextContent("DCOS simulation");
    expect(rows[0]).toHaveTextContent("Simulation");
    expect(rows[0]).toHaveTextContent("Accepted");
    expect(rows[1]).toHaveTextContent("Submitted");
    expect(rows[1]).toHaveTextContent("—");
  });

  it("says so when the agent has no tasks and no karma history", async () => {
    fakes.getAgentProfile.mockResolvedValue({ ...PROFILE, tasks: [], history: [] });
    renderPage(BOB);
    expect(await screen.findByRole("heading", { name: "No tasks yet" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "No karma changes yet" })).toBeInTheDocument();
  });

  it("shows a read failure with a retry", async () => {
    fakes.getAgentProfile.mockImplementation(async () => {
      throw new Error("HTTP request failed.");
    });
    renderPage(BOB);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("HTTP request failed.");
    expect(within(alert).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
