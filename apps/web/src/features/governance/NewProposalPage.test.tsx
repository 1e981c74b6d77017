/** The propose form against a fake data module: eligibility, named errors, and the submitted call. */

import { reputationGovernorAbi } from "@aos/sdk";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import {
  type AbiEvent,
  type Address,
  decodeFunctionData,
  encodeAbiParameters,
  encodeEventTopics,
  type Log,
  zeroAddress,
} from "viem";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { GovernanceSettings, Voter } from "@/data/governance";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const WAD = 10n ** 18n;

const fake = vi.hoisted(() => ({
  getVoter: vi.fn(),
  getGovernanceSettings: vi.fn(),
  send: vi.fn(),
  push: vi.fn(),
  guard: { account: undefined as string | undefined, reason: undefined as string | undefined },
}));
vi.mock("@/data/governance", async (original) => ({
  ...(await original<typeof import("@/data/governance")>()),
  getVoter: fake.getVoter,
  getGovernanceSettings: fake.getGovernanceSettings,
}));
vi.mock("@/wallet/useWriteGuard", () => ({ useWriteGuard: () => fake.guard }));
vi.mock("@/tx/useAosTransaction", () => ({
  useAosTransaction: () => ({ state: { phase: "idle" }, send: fake.send, reset: vi.fn(), isBusy: false }),
}));
vi.mock("next/navigation", () => ({ useRouter: () => ({ push: fake.push }) }));

const { NewProposalPage } = await import("./NewProposalPage");

const settings = {
  votingDelay: 3600,
  votingPeriod: 86_400,
  proposalThreshold: WAD / 10n,
  maxOpenProposals: 3,
  quorumBps: 4000,
  minHumanTurnout: 1,
  queuePeriod: 1_209_600,
  executedGainWeight: WAD,
  defeatedLossWeight: WAD / 2n,
  vetoedLossWeight: WAD,
  maxDepth: 4,
  maxDelegationDuration: 31_536_000,
  totalWeight: 3n * WAD,
  timelock: {
    delay: 604_800,
    minDelay: 172_800,
    gracePeriod: 1_209_600,
    vetoExtension: 86_400,
    maxVetoExtension: 604_800,
    epochLength: 604_800,
    allowancePerEpoch: 100,
    costPerAction: 10,
    vetoThreshold: 1,
    vetoesPerEpoch: 3,
    vetoBudgetSlashBps: 5000,
    vetoKarmaWeight: WAD,
  },
  karma: { halfLife: 15_552_000, alpha: WAD / 10n },
} satisfies GovernanceSettings;

const voter = (power: bigint, openProposals = 0): Voter => ({
  address: ALICE,
  power,
  ownWeight: power,
  delegation: { delegatee: zeroAddress, expiry: 0 },
  storedDelegation: { delegatee: zeroAddress, expiry: 0 },
  delegationHeight: 0,
  refusesDelegations: false,
  openProposals,
  chain: [],
  chainHasCycle: false,
  delegators: [],
});

/** The log `propose` emits, as a receipt holds it. */
function proposalCreatedLog(proposalId: bigint): Log {
  const event = reputationGovernorAbi.find((i) => i.type === "event" && i.name === "ProposalCreated") as AbiEvent;
  const topics = encodeEventTopics({
    abi: [event],
    eventName: "ProposalCreated",
    args: { proposalId, proposer: ALICE },
  });
  const data = encodeAbiParameters(
    event.inputs.filter((i) => !i.indexed),
    [[], "Two-day votes", true, 1, 2, 3],
  );
  return {
    address: ALICE,
    topics,
    data,
    blockNumber: 1n,
    blockHash: null,
    logIndex: 0,
    transactionHash: null,
    transactionIndex: 0,
    removed: false,
  } as unknown as Log;
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrap = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return render(<NewProposalPage />, { wrapper: wrap });
}

beforeEach(() => {
  vi.clearAllMocks();
  fake.guard = { account: ALICE, reason: undefined };
  fake.getGovernanceSettings.mockResolvedValue(settings);
  fake.getVoter.mockResolvedValue(voter((8n * WAD) / 10n));
  fake.send.mockResolvedValue(undefined);
});

describe("NewProposalPage", () => {
  it("says why an account below the threshold cannot propose", async () => {
    fake.getVoter.mockResolvedValue(voter(WAD / 20n));
    renderPage();
    expect(await screen.findByText("You need a voting power of 0.10 to propose; you have 0.05.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Create proposal" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("says why an account with too many open proposals cannot propose", async () => {
    fake.getVoter.mockResolvedValue(voter(WAD, 3));
    renderPage();
    expect(await screen.findByText(/already have 3 open proposals/)).toBeTruthy();
  });

  it("names an empty description and a value out of range, and sends nothing", async () => {
    renderPage();
    const period = await screen.findByLabelText("Voting period");
    await userEvent.clear(period);
    await userEvent.type(period, "10m");
    await userEvent.click(await screen.findByRole("button", { name: "Create proposal" }));
    expect(screen.getByText("Voting period must be between 1 hour and 90 days.")).toBeTruthy();
    expect(screen.getByText("Describe the proposal: what it changes and why.")).toBeTruthy();
    expect(fake.send).not.toHaveBeenCalled();
    expect(document.activeElement?.id).toBe("action-0-param-0");
  });

  it("names a bad address in an address setting", async () => {
    renderPage();
    await userEvent.selectOptions(await screen.findByLabelText("Setting"), "tl.registerAgent");
    await userEvent.type(screen.getByLabelText("Agent address"), "0xabc");
    await userEvent.type(screen.getByLabelText("Description"), "Register an agent");
    await userEvent.click(screen.getByRole("button", { name: "Create proposal" }));
    expect(screen.getByText('Agent address: "0xabc" is not an address (0x followed by 40 hex digits).')).toBeTruthy();
    expect(fake.send).not.toHaveBeenCalled();
  });

  it("proposes the typed setting and opens the new proposal", async () => {
    fake.send.mockResolvedValue({ logs: [proposalCreatedLog(7n)] });
    renderPage();
    const period = await screen.findByLabelText("Voting period");
    await userEvent.clear(period);
    await userEvent.type(period, "2d");
    expect(screen.getByText("ReputationGovernor.setVotingPeriod(172800)")).toBeTruthy();
    await userEvent.type(screen.getByLabelText("Description"), "Two-day votes");
    await userEvent.click(screen.getByLabelText(/Require the human house/));
    await userEvent.click(screen.getByRole("button", { name: "Create proposal" }));
    expect(fake.send).toHaveBeenCalledTimes(1);
    const [label, write] = fake.send.mock.calls[0] as [
      string,
      { functionName: string; args: [{ data: `0x${string}` }[], string, boolean] },
    ];
    expect(label).toBe("Create proposal");
    expect(write.functionName).toBe("propose");
    expect(write.args[1]).toBe("Two-day votes");
    expect(write.args[2]).toBe(true);
    const call = decodeFunctionData({ abi: reputationGovernorAbi, data: write.args[0][0]!.data });
    expect(call).toMatchObject({ functionName: "setVotingPeriod", args: [172_800] });
    expect(fake.push).toHaveBeenCalledWith("/governance/proposals/7");
  });
});
