/** The proposal page against a fake data module: tallies, vote buttons and their reasons, queueing. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import type { Address } from "viem";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ProposalDetail } from "@/data/governance";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as Address;
const WAD = 10n ** 18n;
const NOW = 2_000_000_000;

const fake = vi.hoisted(() => ({
  getProposal: vi.fn(),
  getChainClock: vi.fn(),
  send: vi.fn(),
  guard: { account: undefined as string | undefined, reason: undefined as string | undefined },
}));

vi.mock("@/data/governance", async (original) => ({
  ...(await original<typeof import("@/data/governance")>()),
  getProposal: fake.getProposal,
  getChainClock: fake.getChainClock,
}));
vi.mock("@/wallet/useWriteGuard", () => ({ useWriteGuard: () => fake.guard }));
vi.mock("@/tx/useAosTransaction", () => ({
  useAosTransaction: () => ({ state: { phase: "idle" }, send: fake.send, reset: vi.fn(), isBusy: false }),
}));
vi.mock("@/features/personhood/HumanVote", () => ({
  HumanVote: ({ proposalId }: { proposalId: bigint }) => (
    <div data-testid="human-vote">human vote on {String(proposalId)}</div>
  ),
}));
vi.mock("@/components/charts/VoteBars", () => ({
  default: (props: { label: string }) => <div data-testid="vote-bars">{props.label}</div>,
}));
// next/dynamic as plain React.lazy, so the (faked) lazily loaded parts render in the test.
vi.mock("next/dynamic", async () => {
  const { lazy, Suspense, createElement } = await import("react");
  return {
    default: (loader: () => Promise<unknown>) => {
      const Lazy = lazy(async () => {
        const loaded = (await loader()) as { default?: unknown };
        return { default: (loaded.default ?? loaded) as (props: object) => ReactNode };
      });
      return (props: object) => createElement(Suspense, { fallback: null }, createElement(Lazy, props as never));
    },
  };
});

const { ProposalPage } = await import("./ProposalPage");

function proposal(over: Partial<ProposalDetail> = {}): ProposalDetail {
  return {
    id: 42n,
    proposer: ALICE,
    description: "Slow karma decay\nOne-year half-life.",
    actions: [
      {
        target: ALICE,
        value: 0n,
        data: "0x",
        text: "KarmaRegistry.setHalfLife(31536000)",
        args: [{ name: "newHalfLife", type: "uint32", value: "31536000", meaning: "365 days" }],
      },
    ],
    state: "Active",
    snapshot: NOW - 4000,
    voteStart: NOW - 400,
    voteEnd: NOW + 86_000,
    queueDeadline: NOW + 86_000 + 1_209_600,
    quorumBps: 4000,
    quorum: WAD,
    votes: { for: (3n * WAD) / 4n, against: 0n, abstain: 0n },
    requireHumans: true,
    humanVotes: { for: 0n, against: 0n, abstain: 0n, minTurnout: 1n },
    createdBlock: 10n,
    createdTx: "0x01",
    votesCast: [{ voter: CAROL, support: 1, weight: (3n * WAD) / 4n, overridden: 0n, block: 11n, tx: "0x02" }],
    humanVotesCast: [],
    account: {
      address: ALICE,
      receipt: { voted: false, support: 0, weight: 0n, taken: 0n },
      snapshotPower: (8n * WAD) / 10n,
    },
    queueArgs: {
      actions: [{ target: ALICE, value: 0n, data: "0x" }],
      description: "Slow karma decay\nOne-year half-life.",
    },
    ...over,
  };
}

function renderPage(id = "42"): ReturnType<typeof render> {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrap = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return render(<ProposalPage idParam={id} />, { wrapper: wrap });
}

beforeEach(() => {
  vi.clearAllMocks();
  fake.guard = { account: ALICE, reason: undefined };
  fake.getChainClock.mockResolvedValue({ chainNow: NOW, readAt: Date.now() / 1000 });
  fake.send.mockResolvedValue(undefined);
});

describe("ProposalPage", () => {
  it("shows the description, the decoded action, the tallies and the votes cast", async () => {
    fake.getProposal.mockResolvedValue(proposal());
    renderPage();
    expect(await screen.findByRole("heading", { level: 1, name: "Slow karma decay" })).toBeTruthy();
    expect(screen.getByText("KarmaRegistry.setHalfLife(31536000)")).toBeTruthy();
    expect(screen.getByText("(365 days)")).toBeTruthy();
    expect(screen.getByTestId("proposal-state").textContent).toBe("Active");
    expect(screen.getByTestId("tally-for").textContent).toBe("0.75");
    expect((await screen.findByTestId("vote-bars")).textContent).toBe("Reputation votes");
    expect(screen.getByText(/Votes cast \(1\)/)).toBeTruthy();
    expect((await screen.findByTestId("human-vote")).textContent).toBe("human vote on 42");
    expect(fake.getProposal).toHaveBeenCalledWith(42n, ALICE);
  });

  it("leaves the human house out when the proposal does not require it", async () => {
    fake.getProposal.mockResolvedValue(proposal({ requireHumans: false }));
    renderPage();
    await screen.findByTestId("tally-for");
    expect(screen.queryByTestId("human-vote")).toBeNull();
  });

  it("votes for with castVote when the account may vote", async () => {
    fake.getProposal.mockResolvedValue(proposal());
    renderPage();
    const button = await screen.findByRole("button", { name: "Vote for" });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId("vote-disabled-reason")).toBeNull();
    await userEvent.click(button);
    expect(fake.send).toHaveBeenCalledWith(
      expect.stringContaining("Vote for"),
      expect.objectContaining({ functionName: "castVote", args: [42n, 1] }),
    );
    await userEvent.click(screen.getByRole("button", { name: "Abstain" }));
    expect(fake.send).toHaveBeenLastCalledWith(expect.any(String), expect.objectContaining({ args: [42n, 2] }));
  });

  it.each([
    ["not connected", { guard: { reason: "Connect a wallet first." } }, "Connect a wallet first."],
    [
      "already voted",
      {
        proposal: {
          account: { address: ALICE, receipt: { voted: true, support: 0, weight: WAD, taken: 0n }, snapshotPower: WAD },
        },
      },
      "You already voted against.",
    ],
    [
      "voting not open yet",
      { proposal: { state: "Pending", voteStart: NOW + 600 } },
      /Voting is not open yet: it opens in (9|10)m/,
    ],
    ["voting over", { proposal: { state: "Defeated", voteEnd: NOW - 10 } }, "Voting is over."],
    [
      "no power at the snapshot",
      {
        proposal: {
          account: { address: ALICE, receipt: { voted: false, support: 0, weight: 0n, taken: 0n }, snapshotPower: 0n },
        },
      },
      "You had no voting power at the proposal's snapshot.",
    ],
  ] as const)("disables the three vote buttons when %s, saying why", async (_case, setup, reason) => {
    if ("guard" in setup) fake.guard = { account: undefined, ...setup.guard };
    fake.getProposal.mockResolvedValue(
      proposal("proposal" in setup ? (setup.proposal as Partial<ProposalDetail>) : {}),
    );
    renderPage();
    const forButton = await screen.findByRole("button", { name: "Vote for" });
    for (const name of ["Vote for", "Vote against", "Abstain"]) {
      expect((screen.getByRole("button", { name }) as HTMLButtonElement).disabled).toBe(true);
    }
    const note = screen.getByTestId("vote-disabled-reason");
    await waitFor(() => expect(note.textContent).not.toBe("Reading the chain's clock…"));
    if (typeof reason === "string") expect(note.textContent).toBe(reason);
    else expect(note.textContent).toMatch(reason);
    expect(forButton.getAttribute("aria-describedby")).toBe(note.id);
  });

  it("offers Queue once the proposal passed, with the proposal's own actions and description", async () => {
    fake.getProposal.mockResolvedValue(proposal({ state: "Succeeded", voteEnd: NOW - 10 }));
    renderPage();
    const queue = await screen.findByRole("button", { name: "Queue" });
    await userEvent.click(queue);
    expect(fake.send).toHaveBeenCalledWith(
      expect.stringContaining("Queue proposal"),
      expect.objectContaining({
        functionName: "queue",
        args: [42n, [{ target: ALICE, value: 0n, data: "0x" }], "Slow karma decay\nOne-year half-life."],
      }),
    );
  });

  it("shows the timelock request of a queued proposal instead of the button", async () => {
    fake.getProposal.mockResolvedValue(
      proposal({ state: "Queued", requestId: 3n, eta: NOW + 3600, voteEnd: NOW - 10 }),
    );
    renderPage();
    const card = (await screen.findByRole("heading", { name: "Timelock" })).closest("section") as HTMLElement;
    expect(within(card).getByText("#3")).toBeTruthy();
    expect(within(card).queryByRole("button", { name: "Queue" })).toBeNull();
  });

  it("says when no proposal has the id, and when the id is not one", async () => {
    fake.getProposal.mockResolvedValue(null);
    renderPage("7");
    expect(await screen.findByRole("heading", { name: "No such proposal" })).toBeTruthy();
    renderPage("not-an-id");
    expect(screen.getByRole("heading", { name: "This is not a proposal id" })).toBeTruthy();
  });

  it("shows the error with a retry when the chain cannot be read", async () => {
    fake.getProposal.mockRejectedValue(new Error("connection refused"));
    renderPage();
    expect((await screen.findByRole("alert")).textContent).toMatch(/connection refused/);
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});
