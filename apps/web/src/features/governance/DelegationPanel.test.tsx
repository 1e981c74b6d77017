/** The delegation panel against a fake data module: power, the chain, delegators, the forms. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { type Address, zeroAddress } from "viem";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { GovernanceSettings, Voter } from "@/data/governance";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as Address;
const JUROR = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955" as Address;
const WAD = 10n ** 18n;
const NOW = 2_000_000_000;

const fake = vi.hoisted(() => ({
  getVoter: vi.fn(),
  getGovernanceSettings: vi.fn(),
  getChainClock: vi.fn(),
  send: vi.fn(),
  guard: { account: undefined as string | undefined, reason: undefined as string | undefined },
}));
vi.mock("@/data/governance", async (original) => ({
  ...(await original<typeof import("@/data/governance")>()),
  getVoter: fake.getVoter,
  getGovernanceSettings: fake.getGovernanceSettings,
  getChainClock: fake.getChainClock,
}));
vi.mock("@/wallet/useWriteGuard", () => ({ useWriteGuard: () => fake.guard }));
vi.mock("@/tx/useAosTransaction", () => ({
  useAosTransaction: () => ({ state: { phase: "idle" }, send: fake.send, reset: vi.fn(), isBusy: false }),
}));

const { DelegationPanel } = await import("./DelegationPanel");

function voter(over: Partial<Voter> = {}): Voter {
  return {
    address: ALICE,
    power: (8n * WAD) / 10n,
    ownWeight: (8n * WAD) / 10n,
    delegation: { delegatee: CAROL, expiry: NOW + 86_400 },
    storedDelegation: { delegatee: CAROL, expiry: NOW + 86_400 },
    delegationHeight: 0,
    refusesDelegations: false,
    openProposals: 1,
    chain: [
      { address: CAROL, power: (155n * WAD) / 100n, expiry: NOW + 86_400 },
      { address: JUROR, power: 2n * WAD, expiry: NOW + 100 },
    ],
    chainHasCycle: false,
    delegators: [],
    ...over,
  };
}

const settings = { maxOpenProposals: 3, maxDelegationDuration: 365 * 86_400 } as GovernanceSettings;

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrap = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return render(<DelegationPanel />, { wrapper: wrap });
}

beforeEach(() => {
  vi.clearAllMocks();
  fake.guard = { account: ALICE, reason: undefined };
  fake.getGovernanceSettings.mockResolvedValue(settings);
  fake.getChainClock.mockResolvedValue({ chainNow: NOW, readAt: Date.now() / 1000 });
  fake.send.mockResolvedValue(undefined);
});

describe("DelegationPanel", () => {
  it("asks to connect when no wallet is connected", () => {
    fake.guard = { account: undefined, reason: "Connect a wallet first." };
    renderPanel();
    expect(screen.getByRole("heading", { name: "Connect a wallet" })).toBeTruthy();
    expect(fake.getVoter).not.toHaveBeenCalled();
  });

  it("shows the chain from the account upward with each hop's power", async () => {
    fake.getVoter.mockResolvedValue(voter());
    renderPanel();
    const chain = await screen.findByTestId("delegation-chain");
    expect(chain.textContent?.toLowerCase()).toBe("you0.80→delegates to0x90f7…b9061.55→delegates to0x14dc…99552.00");
    expect(screen.getByTestId("voting-power").textContent).toBe("0.80");
    expect(screen.getByText(/You delegate to/)).toBeTruthy();
  });

  it("lists who delegates to the account, and says when nobody does", async () => {
    fake.getVoter.mockResolvedValue(
      voter({ delegators: [{ delegator: JUROR, expiry: NOW - 5, expired: true, power: WAD / 4n }] }),
    );
    renderPanel();
    expect(await screen.findByText(/^expired/)).toBeTruthy();
    fake.getVoter.mockResolvedValue(voter());
  });

  it("names a bad address instead of sending", async () => {
    fake.getVoter.mockResolvedValue(voter());
    renderPanel();
    await userEvent.type(await screen.findByLabelText("Delegate to"), "0xnope");
    await userEvent.click(screen.getByRole("button", { name: "Delegate" }));
    expect(screen.getByText('"0xnope" is not an address (0x followed by 40 hex digits).')).toBeTruthy();
    expect(fake.send).not.toHaveBeenCalled();
  });

  it("rejects a duration beyond the ledger's maximum", async () => {
    fake.getVoter.mockResolvedValue(voter());
    renderPanel();
    await userEvent.type(await screen.findByLabelText("Delegate to"), JUROR);
    const days = screen.getByLabelText("Days it lasts");
    await userEvent.clear(days);
    await userEvent.type(days, "400");
    await userEvent.click(screen.getByRole("button", { name: "Delegate" }));
    expect(screen.getByText("A delegation lasts at most 365 days.")).toBeTruthy();
    expect(fake.send).not.toHaveBeenCalled();
  });

  it("delegates with an expiry counted from the chain's clock", async () => {
    fake.getVoter.mockResolvedValue(voter());
    renderPanel();
    await userEvent.type(await screen.findByLabelText("Delegate to"), JUROR);
    await userEvent.click(screen.getByRole("button", { name: "Delegate" }));
    expect(fake.send).toHaveBeenCalledTimes(1);
    const [, write] = fake.send.mock.calls[0] as [string, { functionName: string; args: [string, number] }];
    expect(write.functionName).toBe("delegate");
    expect(write.args[0]).toBe(JUROR);
    expect(Math.abs(write.args[1] - (NOW + 30 * 86_400))).toBeLessThan(5);
  });

  it("revokes, and says there is nothing to revoke when not delegating", async () => {
    fake.getVoter.mockResolvedValue(voter());
    const { unmount } = renderPanel();
    await userEvent.click(await screen.findByRole("button", { name: "Revoke delegation" }));
    expect(fake.send).toHaveBeenCalledWith(
      "Revoke delegation",
      expect.objectContaining({ functionName: "undelegate" }),
    );
    unmount();
    fake.getVoter.mockResolvedValue(
      voter({
        delegation: { delegatee: zeroAddress, expiry: 0 },
        storedDelegation: { delegatee: zeroAddress, expiry: 0 },
        chain: [],
      }),
    );
    renderPanel();
    const revoke = await screen.findByRole("button", { name: "Revoke delegation" });
    expect((revoke as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText("You are not delegating.")).toBeTruthy();
    expect(screen.getByText("You vote with your own power.")).toBeTruthy();
  });
});
