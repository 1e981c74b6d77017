/**
 * The workers page with the data module's gateway and chain reads replaced by fakes: gateway up
 * with queues, gateway down (with what to do), a failing health check, and on-chain earnings that
 * show either way.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ETH } from "@/data/agents";
import type { Earnings, GatewayStatus, MetricsSummary, QueueInfo } from "@/data/workers";
import { WorkersPage } from "./WorkersPage";

const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const fakes = vi.hoisted(() => ({ getGatewayStatus: vi.fn(), getChainEarnings: vi.fn() }));
vi.mock("@/data/workers", async (original) => ({
  ...(await original<typeof import("@/data/workers")>()),
  getGatewayStatus: fakes.getGatewayStatus,
  getChainEarnings: fakes.getChainEarnings,
}));
vi.mock("@/components/charts/QueueBars", () => ({
  default: ({ queues }: { queues: { name: string }[] }) => (
    <div>{`queue chart: ${queues.map((q) => q.name).join(", ")}`}</div>
  ),
}));
vi.mock("@/components/charts/EarningsChart", () => ({
  default: ({ agents }: { agents: { name: string }[] }) => (
    <div>{`earnings chart: ${agents.map((a) => a.name).join(", ")}`}</div>
  ),
}));

const queue = (name: string, counts: Partial<QueueInfo["counts"]>, jobs: QueueInfo["jobs"] = []): QueueInfo => {
  const c = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0, ...counts };
  return {
    name,
    counts: { ...c, total: c.waiting + c.active + c.delayed + c.completed + c.failed },
    paused: false,
    jobs,
  };
};

const SUMMARY: MetricsSummary = {
  tasks: { claimed: 4, submitted: 4, paid: 5 },
  earningsWei: {},
  jobs: {},
  meanJobSeconds: {},
  llmCalls: 0,
  llmCostUsd: 1.25,
  transactions: { mined: 8, failed: 1 },
  errors: 0,
  empty: false,
  unreadableLines: 0,
};

const UP: GatewayStatus = {
  reachable: true,
  url: "http://127.0.0.1:8790",
  health: {
    ok: true,
    checks: [
      { name: "redis", ok: true },
      { name: "store", ok: true },
    ],
  },
  metrics: { summary: SUMMARY },
  queues: {
    list: [
      queue("tasks", { delayed: 2, completed: 13 }, [
        {
          id: "outcome-6",
          name: "outcome",
          queue: "tasks",
          state: "completed",
          attempts: 1,
          createdAt: 1,
          finishedAt: 2,
        },
      ]),
      queue("tx", { completed: 4, failed: 1 }, [
        {
          id: "claim-2",
          name: "claim",
          queue: "tx",
          state: "failed",
          attempts: 3,
          failedReason: "TaskEscrowNotOpen",
          createdAt: 1,
          finishedAt: 3,
        },
      ]),
      queue("sim", { active: 1, completed: 4 }),
    ],
  },
};

const EARNINGS: Earnings = {
  agents: [{ agent: BOB, tasks: 5, totals: [{ token: ETH, amount: 77n * 10n ** 16n }] }],
  series: [{ time: 1000, [BOB]: 0.77 }],
  seriesAgents: [BOB],
};

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <WorkersPage />
    </QueryClientProvider>,
  );
}

describe("WorkersPage", () => {
  beforeEach(() => {
    fakes.getGatewayStatus.mockReset();
    fakes.getChainEarnings.mockReset();
    fakes.getChainEarnings.mockResolvedValue(EARNINGS);
  });

  it("shows a healthy fleet, each queue's counts, recent jobs and earnings", async () => {
    fakes.getGatewayStatus.mockResolvedValue(UP);
    renderPage();
    const queues = await screen.findAllByTestId("worker-queue");
    expect(queues.map((q) => q.getAttribute("aria-label"))).toEqual(["Queue tasks", "Queue tx", "Queue sim"]);
    expect(within(queues[0]!).getByText("Delayed").nextSibling).toHaveTextContent("2");
    expect(within(queues[0]!).getByText("Completed").nextSibling).toHaveTextContent("13");
    expect(within(queues[1]!).getByText("1 failed")).toBeInTheDocument();
    expect(screen.getByText("Healthy")).toBeInTheDocument();
    expect(screen.getByText("queue chart: tasks, tx, sim")).toBeInTheDocument();
    expect(screen.getByText("Tasks paid").nextSibling).toHaveTextContent("5");
    expect(screen.getByText("LLM spend").nextSibling).toHaveTextContent("$1.25");
    expect(screen.getByText("claim-2")).toBeInTheDocument();
    expect(screen.getByText("TaskEscrowNotOpen")).toBeInTheDocument();
    const earnings = await screen.findByTestId("worker-earnings");
    expect(await within(earnings).findByText("earnings chart: 0x3C44…93BC")).toBeInTheDocument();
    expect(earnings).toHaveTextContent("0.77 ETH");
    expect(screen.getByRole("link", { name: "Open the queue dashboard" })).toHaveAttribute(
      "href",
      "http://127.0.0.1:8790/queues",
    );
  });

  it("says plainly when the gateway does not answer, what to do, and still shows earnings", async () => {
    fakes.getGatewayStatus.mockResolvedValue({
      reachable: false,
      url: "http://127.0.0.1:8790",
      error: "The workers' gateway at http://127.0.0.1:8790 does not answer (connection failed).",
    } satisfies GatewayStatus);
    renderPage();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The workers' gateway does not answer.");
    expect(alert).toHaveTextContent("connection failed");
    expect(within(alert).getByText("npx aos worker start")).toBeInTheDocument();
    expect(within(alert).getByText("npm start")).toBeInTheDocument();
    expect(screen.queryAllByTestId("worker-queue")).toHaveLength(0);
    expect(await within(screen.getByTestId("worker-earnings")).findByText("0.77 ETH")).toBeInTheDocument();
  });

  it("names the failing health check", async () => {
    fakes.getGatewayStatus.mockResolvedValue({
      ...UP,
      health: {
        ok: false,
        checks: [
          { name: "redis", ok: false, detail: "connect ECONNREFUSED" },
          { name: "store", ok: true },
        ],
      },
    } satisfies GatewayStatus);
    renderPage();
    expect(await screen.findByText(/The redis check fails \(connect ECONNREFUSED\)\./)).toBeInTheDocument();
    expect(screen.getByText("Unhealthy")).toBeInTheDocument();
  });

  it("explains empty metrics and a queue dashboard that could not be read", async () => {
    fakes.getGatewayStatus.mockResolvedValue({
      ...UP,
      metrics: { summary: { ...SUMMARY, empty: true } },
      queues: { error: "The queue dashboard answered 500 Internal Server Error." },
    } satisfies GatewayStatus);
    renderPage();
    expect(await screen.findByText(/has recorded no worker activity/)).toBeInTheDocument();
    expect(screen.getAllByText(/answered 500 Internal Server Error/).length).toBeGreaterThan(0);
  });

  it("says when no agent has been paid yet, and shows a chain error with a retry", async () => {
    fakes.getGatewayStatus.mockResolvedValue(UP);
    fakes.getChainEarnings.mockResolvedValue({ agents: [], series: [], seriesAgents: [] });
    const first = renderPage();
    expect(await screen.findByRole("heading", { name: "No agent has been paid yet" })).toBeInTheDocument();
    first.unmount();
    fakes.getChainEarnings.mockImplementation(async () => {
      throw new Error("HTTP request failed.");
    });
    renderPage();
    const earnings = screen.getByTestId("worker-earnings");
    expect(await within(earnings).findByRole("alert")).toHaveTextContent("HTTP request failed.");
    expect(within(earnings).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
