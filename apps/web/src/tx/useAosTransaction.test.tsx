/**
 * The transaction state machine. wagmi's actions are replaced by fakes (vi.mock below), since a
 * unit test has no chain: the end-to-end tests drive the same hook against the real local chain.
 */
import { taskEscrowAbi } from "@aos/sdk";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { encodeErrorResult, UserRejectedRequestError } from "viem";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAosTransaction } from "./useAosTransaction";

const fakeActions = vi.hoisted(() => ({
  simulateContract: vi.fn(),
  writeContract: vi.fn(),
  waitForTransactionReceipt: vi.fn(),
}));
vi.mock("wagmi/actions", () => fakeActions);
vi.mock("wagmi", () => ({ useConfig: () => ({}) }));

const write = {
  address: "0x0000000000000000000000000000000000000001",
  abi: taskEscrowAbi,
  functionName: "accept",
  args: [1n],
} as const;
const HASH = `0x${"ab".repeat(32)}` as const;

function setup() {
  const queryClient = new QueryClient();
  const invalidate = vi.spyOn(queryClient, "invalidateQueries");
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  const hook = renderHook(() => useAosTransaction(), { wrapper });
  return { hook, invalidate };
}

describe("useAosTransaction", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    fakeActions.simulateContract.mockResolvedValue({ request: write });
    fakeActions.writeContract.mockResolvedValue(HASH);
    fakeActions.waitForTransactionReceipt.mockResolvedValue({ status: "success", blockNumber: 7n });
  });

  it("goes through the wallet and the pending block to confirmed, then refreshes every query", async () => {
    const { hook, invalidate } = setup();
    let receipt: unknown;
    await act(async () => {
      receipt = await hook.result.current.send("Accept task #1", write);
    });
    expect(receipt).toMatchObject({ status: "success" });
    expect(hook.result.current.state).toMatchObject({ phase: "confirmed", hash: HASH, label: "Accept task #1" });
    expect(invalidate).toHaveBeenCalled();
  });

  it("explains a revert found by the simulation and never opens the wallet", async () => {
    const data = encodeErrorResult({
      abi: taskEscrowAbi,
      errorName: "TaskEscrowReviewWindowClosed",
      args: [1n, 1700000000n],
    });
    fakeActions.simulateContract.mockRejectedValue(Object.assign(new Error("reverted"), { data }));
    const { hook } = setup();
    await act(async () => {
      await hook.result.current.send("Dispute task #1", write);
    });
    expect(fakeActions.writeContract).not.toHaveBeenCalled();
    expect(hook.result.current.state.phase).toBe("failed");
    expect(hook.result.current.state.error?.name).toBe("TaskEscrowReviewWindowClosed");
  });

  it("tells a rejection in the wallet apart", async () => {
    fakeActions.writeContract.mockRejectedValue(new UserRejectedRequestError(new Error("denied")));
    const { hook, invalidate } = setup();
    await act(async () => {
      await hook.result.current.send("Accept task #1", write);
    });
    expect(hook.result.current.state.error?.name).toBe("UserRejectedRequestError");
    expect(invalidate).not.toHaveBeenCalled();
  });

  it("reports a transaction mined but reverted as failed, keeping its hash", async () => {
    fakeActions.waitForTransactionReceipt.mockResolvedValue({ status: "reverted", blockNumber: 9n });
    const { hook } = setup();
    await act(async () => {
      await hook.result.current.send("Accept task #1", write);
    });
    expect(hook.result.current.state).toMatchObject({ phase: "failed", hash: HASH });
    expect(hook.result.current.state.error?.name).toBe("TransactionReverted");
  });

  it("ignores a second send while one is in flight", async () => {
    let release: (v: unknown) => void = () => {};
    fakeActions.waitForTransactionReceipt.mockReturnValue(new Promise((r) => (release = r)));
    const { hook } = setup();
    let first: Promise<unknown> = Promise.resolve();
    await act(async () => {
      first = hook.result.current.send("Accept task #1", write);
      await Promise.resolve();
    });
    await act(async () => {
      expect(await hook.result.current.send("Accept task #1", write)).toBeUndefined();
    });
    await act(async () => {
      release({ status: "success", blockNumber: 1n });
      await first;
    });
    expect(fakeActions.writeContract).toHaveBeenCalledTimes(1);
  });
});
