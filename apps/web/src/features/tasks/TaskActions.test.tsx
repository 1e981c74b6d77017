import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { parseEther } from "viem";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { TaskDetail } from "@/data/tasks";
import { ALICE, BOB, CAROL, fixtureTask } from "./fixtures";

// Fakes of the wallet guard and the transaction hook: which account is connected, what was sent.
const fakeWallet = vi.hoisted(() => ({
  account: undefined as string | undefined,
  reason: undefined as string | undefined,
}));
const fakeSend = vi.hoisted(() => vi.fn(async () => undefined));
const fakeTx = vi.hoisted(() => ({ state: { phase: "idle" } as { phase: string; label?: string } }));
vi.mock("@/wallet/useWriteGuard", () => ({
  useWriteGuard: () => ({ account: fakeWallet.account, reason: fakeWallet.reason }),
}));
vi.mock("@/tx/useAosTransaction", () => ({
  useAosTransaction: () => ({ state: fakeTx.state, send: fakeSend, reset: vi.fn(), isBusy: false }),
}));

const { TaskActions } = await import("./TaskActions");

function detail(overrides: Partial<TaskDetail> = {}): TaskDetail {
  return {
    ...fixtureTask({ id: 8n, state: "Submitted", agent: BOB, bounty: parseEther("0.3"), reviewEndsAt: 2_000 }),
    timeline: [],
    disputeBond: parseEther("0.03"),
    parameters: {
      minStakeBps: 100,
      maxStakeBps: 5000,
      minReviewWindow: 3600,
      maxReviewWindow: 2_592_000,
      maxTaskDuration: 15_552_000,
      disputeTimeout: 2_592_000,
      maxDelegationDepth: 4,
    },
    parents: [],
    subtasks: [],
    ...overrides,
  };
}

function renderActions(task: TaskDetail, now: number) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  render(<TaskActions task={task} now={now} />, { wrapper });
}

beforeEach(() => {
  fakeWallet.account = ALICE;
  fakeWallet.reason = undefined;
  fakeSend.mockClear();
  fakeTx.state = { phase: "idle" };
});

describe("task actions on the detail page", () => {
  it("lets the requester accept, and sends accept(id)", async () => {
    renderActions(detail(), 1_000);
    const accept = screen.getByRole("button", { name: "Accept result" }) as HTMLButtonElement;
    expect(accept.disabled).toBe(false);
    await userEvent.click(accept);
    expect(fakeSend).toHaveBeenCalledWith(
      "Accept result (task #8)",
      expect.objectContaining({ functionName: "accept", args: [8n] }),
    );
  });

  it("sends the dispute bond the escrow asks (the claim's stake) with a dispute", async () => {
    renderActions(detail(), 1_000);
    expect(screen.getByText(/posts a bond of 0.03 ETH/)).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Dispute" }));
    expect(fakeSend).toHaveBeenCalledWith(
      "Dispute (task #8)",
      expect.objectContaining({ functionName: "dispute", args: [8n], value: parseEther("0.03") }),
    );
  });

  it("shows another account why it cannot accept, and why Finalise must wait", () => {
    fakeWallet.account = CAROL;
    renderActions(detail(), 1_000);
    const accept = screen.getByRole("button", { name: "Accept result" }) as HTMLButtonElement;
    expect(accept.disabled).toBe(true);
    expect(screen.getByText(/Only the requester can accept the result/)).toBeTruthy();
    expect(screen.getByText(/the requester may still accept or dispute/)).toBeTruthy();
  });

  it("enables Finalise for anyone once the window has closed", async () => {
    fakeWallet.account = CAROL;
    renderActions(detail(), 2_001);
    const finalise = screen.getByRole("button", { name: "Finalise" }) as HTMLButtonElement;
    expect(finalise.disabled).toBe(false);
    await userEvent.click(finalise);
    expect(fakeSend).toHaveBeenCalledWith("Finalise (task #8)", expect.objectContaining({ functionName: "finalize" }));
  });

  it("offers Expire after the deadline and Cancel to the requester of an open task", () => {
    renderActions(detail({ state: "Open", agent: undefined, deadline: 1_500, reviewEndsAt: 0 }), 1_600);
    expect((screen.getByRole("button", { name: "Expire" }) as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByRole("button", { name: "Cancel task" }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByRole("button", { name: "Accept result" })).toBeNull();
  });

  it("names the wallet problem on every action without a usable wallet", () => {
    fakeWallet.account = undefined;
    fakeWallet.reason = "Connect a wallet first.";
    renderActions(detail({ state: "Open", agent: undefined, deadline: 1_500, reviewEndsAt: 0 }), 1_000);
    expect(screen.getByText(/deadline .* has not passed yet/)).toBeTruthy();
    expect(screen.getByText("Connect a wallet first.")).toBeTruthy();
  });

  it("says there is nothing left to do on a settled task", () => {
    renderActions(detail({ state: "Accepted" }), 1_000);
    expect(screen.getByText("This task is settled: nothing left to do.")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("keeps the confirmation in view once the transaction moved the task to where nothing is left to do", () => {
    fakeTx.state = { phase: "confirmed", label: "Dispute (task #8)" };
    renderActions(detail({ state: "Disputed" }), 1_000);
    expect(screen.getByText("The jury is deciding this dispute; nothing to do here until it rules.")).toBeTruthy();
    expect(screen.getByTestId("tx-phase").dataset.phase).toBe("confirmed");
    expect(screen.getByText("Dispute (task #8)")).toBeTruthy();
  });
});
