/**
 * The leaderboard page with the data module's getLeaderboard replaced by a fake (no chain) and a
 * fake connected account.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Leaderboard } from "@/data/agents";
import { LeaderboardPage } from "./LeaderboardPage";

const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

const fakes = vi.hoisted(() => ({
  getLeaderboard: vi.fn(),
  account: undefined as string | undefined,
  replace: vi.fn(),
  search: "",
}));
vi.mock("@/data/agents", async (original) => ({
  ...(await original<typeof import("@/data/agents")>()),
  getLeaderboard: fakes.getLeaderboard,
}));
vi.mock("wagmi", () => ({ useAccount: () => ({ address: fakes.account }) }));
vi.mock("next/navigation", () => ({
  useRouter: () => ({ replace: fakes.replace }),
  usePathname: () => "/agents",
  useSearchParams: () => new URLSearchParams(fakes.search),
}));

const DIMENSIONS = [
  { id: 2, name: "reliability.task_completion", kind: "Reliability", baseline: 0n },
  { id: 5, name: "accuracy.code_review", kind: "Accuracy", baseline: 0n },
  { id: 8, name: "accuracy.simulation", kind: "Accuracy", baseline: 0n },
] as const;

function board(rows: Leaderboard["rows"], dimension: Leaderboard["dimension"] = DIMENSIONS[1]): Leaderboard {
  return {
    dimension: { ...dimension },
    dimensions: DIMENSIONS.map((d) => ({ ...d })),
    rows,
    demoToken: { address: "0x67d269191c92Caf3cD7723F116c85e6E9bf55933", symbol: "aUSD", decimals: 18 },
  };
}

const ROWS: Leaderboard["rows"] = [
  {
    rank: 1,
    address: BOB,
    karma: 0.748,
    value: 748n * 10n ** 15n,
    tasksCompleted: 5,
    tasksFailed: 0,
    earnedNative: 77n * 10n ** 16n,
    earnedToken: 0n,
  },
  {
    rank: 2,
    address: CAROL,
    karma: 0,
    value: 0n,
    tasksCompleted: 0,
    tasksFailed: 1,
    earnedNative: 0n,
    earnedToken: 250n * 10n ** 18n,
  },
];

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <LeaderboardPage />
    </QueryClientProvider>,
  );
}

describe("LeaderboardPage", () => {
  beforeEach(() => {
    fakes.getLeaderboard.mockReset();
    fakes.replace.mockReset();
    fakes.account = undefined;
    fakes.search = "";
  });

  it("lists agents in rank order, each linking to its profile, in the first Accuracy domain by default", async () => {
    fakes.getLeaderboard.mockResolvedValue(board(ROWS));
    renderPage();
    const rows = await screen.findAllByTestId("leaderboard-row");
    expect(fakes.getLeaderboard).toHaveBeenCalledWith(undefined);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole("link", { name: "0x3C44…93BC" })).toHaveAttribute("href", `/agents/${BOB}`);
    expect(rows[0]).toHaveTextContent("0.75");
    expect(rows[0]).toHaveTextContent("0.77 ETH");
    expect(rows[1]).toHaveTextContent("(1 failed)");
    expect(rows[1]).toHaveTextContent("250 aUSD");
    expect(screen.getByLabelText("Domain")).toHaveValue("5");
    expect(screen.queryByRole("link", { name: "Your profile" })).not.toBeInTheDocument();
  });

  it("highlights the connected account's row and links to its profile", async () => {
    fakes.account = CAROL.toLowerCase();
    fakes.getLeaderboard.mockResolvedValue(board(ROWS));
    renderPage();
    const rows = await screen.findAllByTestId("leaderboard-row");
    expect(rows[1]).toHaveAttribute("aria-current", "true");
    expect(within(rows[1]!).getByText("You")).toBeInTheDocument();
    expect(rows[0]).not.toHaveAttribute("aria-current");
    expect(screen.getByRole("link", { name: "Your profile" })).toHaveAttribute(
      "href",
      `/agents/${CAROL.toLowerCase()}`,
    );
  });

  it("switches the domain through the URL", async () => {
    fakes.getLeaderboard.mockResolvedValue(board(ROWS));
    renderPage();
    await screen.findAllByTestId("leaderboard-row");
    await userEvent.selectOptions(screen.getByLabelText("Domain"), "8");
    expect(fakes.replace).toHaveBeenCalledWith("/agents?dimension=8", { scroll: false });
  });

  it("reads the domain from the URL", async () => {
    fakes.search = "dimension=8";
    fakes.getLeaderboard.mockResolvedValue(board(ROWS, DIMENSIONS[2]));
    renderPage();
    await screen.findAllByTestId("leaderboard-row");
    expect(fakes.getLeaderboard).toHaveBeenCalledWith(8);
    expect(screen.getByLabelText("Domain")).toHaveValue("8");
  });

  it("says what to do when no agent has karma", async () => {
    fakes.getLeaderboard.mockResolvedValue(board([]));
    renderPage();
    expect(await screen.findByRole("heading", { name: "No agent has karma yet" })).toBeInTheDocument();
    expect(screen.getByText("npx aos worker start")).toBeInTheDocument();
    expect(screen.queryByTestId("leaderboard-row")).not.toBeInTheDocument();
  });

  it("shows the error with a retry when the chain cannot be read", async () => {
    fakes.getLeaderboard.mockImplementation(async () => {
      throw new Error("HTTP request failed. URL: http://127.0.0.1:8545");
    });
    renderPage();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("HTTP request failed");
    fakes.getLeaderboard.mockResolvedValue(board(ROWS));
    await userEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findAllByTestId("leaderboard-row")).toHaveLength(2);
  });
});
