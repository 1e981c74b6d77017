import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AgentRequest, TimelockQueue } from "@/data/timelock";
import { STORAGE_KEY } from "@/features/personhood/identityStore";
import type { WorkerRequest, WorkerResponse } from "@/features/personhood/proofProtocol";
import { setProofWorkerFactory } from "@/features/personhood/useSemaphoreProof";
import { AgentRequests } from "./AgentRequests";

// Fakes of the data module: no chain is needed.
const fakeTimelock = vi.hoisted(() => ({
  listAgentRequests: vi.fn(),
  vetoNullifierUsed: vi.fn(async () => false),
}));
vi.mock("@/data/timelock", async (importOriginal) => ({ ...(await importOriginal<object>()), ...fakeTimelock }));

const ALICE = "16259352394373982556415889806065728066114846759320895717925436649618792623699";
const fakePersonhood = vi.hoisted(() => ({
  getPersonhoodGroup: vi.fn(async () => ({
    members: [16259352394373982556415889806065728066114846759320895717925436649618792623699n, 5n],
    root: 1n,
    depth: 1,
    size: 2,
    rootValidity: 86400,
  })),
}));
vi.mock("@/data/personhood", async (importOriginal) => ({ ...(await importOriginal<object>()), ...fakePersonhood }));

// The wallet and the transaction hook, faked: the test checks what would be sent.
const wallet = vi.hoisted(() => ({ reason: undefined as string | undefined, send: vi.fn(async () => undefined) }));
vi.mock("@/wallet/useWriteGuard", () => ({ useWriteGuard: () => ({ reason: wallet.reason }) }));
vi.mock("@/tx/useAosTransaction", () => ({
  useAosTransaction: () => ({ state: { phase: "idle" }, send: wallet.send, reset: () => {}, isBusy: false }),
}));

const now = Math.floor(Date.now() / 1000);
const request = (over: Partial<AgentRequest> = {}): AgentRequest => ({
  id: 1n,
  proposer: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
  origin: "agent",
  description: "Learn karma faster",
  actions: [
    {
      target: "0x0000000000000000000000000000000000000001",
      value: 0n,
      data: "0x12345678",
      contractName: "KarmaRegistry",
      functionName: "setRate",
      text: "KarmaRegistry.setRate(1)",
    },
  ],
  state: "Queued",
  queuedAt: now - 100,
  eta: now + 3600,
  vetoCount: 0,
  vetoThreshold: 2,
  vetoScope: 99n,
  killed: false,
  ...over,
});
const queue = (requests: AgentRequest[]): TimelockQueue => ({
  requests,
  clockOffset: 0,
  chainTime: now,
  config: { delay: 1, gracePeriod: 1, vetoExtension: 1, maxVetoExtension: 1, vetoThreshold: 2, vetoesPerEpoch: 3 },
});

function wrap(ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
}

/** A proof worker stand-in that answers like the real one. */
class FakeWorker {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  received: WorkerRequest[] = [];
  postMessage(request: WorkerRequest) {
    this.received.push(request);
    const reply = (data: WorkerResponse) =>
      setTimeout(() => this.onmessage?.({ data } as MessageEvent<WorkerResponse>), 5);
    reply({ type: "progress", id: request.id, stage: "downloading", fraction: 0.5, loaded: 1, total: 2 });
    if (request.type === "prove") {
      setTimeout(
        () =>
          this.onmessage?.({
            data: {
              type: "proof",
              id: request.id,
              proof: {
                merkleTreeDepth: 1n,
                merkleTreeRoot: 1n,
                nullifier: 7n,
                message: request.input.message,
                scope: request.input.scope,
                points: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n],
              },
              timings: { downloadMs: 1, groupMs: 1, proveMs: 1 },
            },
          } as unknown as MessageEvent<WorkerResponse>),
        30,
      );
    }
  }
  terminate() {}
}

beforeEach(() => {
  localStorage.clear();
  wallet.reason = undefined;
  wallet.send.mockClear();
});

describe("AgentRequests", () => {
  it("lists requests with their agent, action, state and veto count", async () => {
    fakeTimelock.listAgentRequests.mockResolvedValue(
      queue([request(), request({ id: 2n, state: "Executed", description: "Old" })]),
    );
    wrap(<AgentRequests />);
    const rows = await screen.findAllByTestId("agent-request");
    expect(rows.map((r) => r.getAttribute("data-request-id"))).toEqual(["1", "2"]);
    expect(within(rows[0]!).getByTestId("veto-count").textContent).toBe("0 of 2");
    expect(within(rows[0]!).getByTestId("request-state").textContent).toBe("Queued");
    expect(within(rows[0]!).getByText("KarmaRegistry.setRate(1)")).toBeTruthy();
    expect(within(rows[0]!).getByText(/left$/)).toBeTruthy();
    // A finished request offers no veto.
    expect(within(rows[1]!).queryByRole("button", { name: "Veto" })).toBeNull();
  });

  it("says what to do when the queue is empty", async () => {
    fakeTimelock.listAgentRequests.mockResolvedValue(queue([]));
    wrap(<AgentRequests />);
    expect(await screen.findByText("No agent requests")).toBeTruthy();
  });

  it("shows a load error with a retry", async () => {
    fakeTimelock.listAgentRequests.mockRejectedValue(new Error("RPC down"));
    wrap(<AgentRequests />);
    expect((await screen.findByRole("alert")).textContent).toMatch(/RPC down/);
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });

  it("disables the veto without an identity, saying why", async () => {
    fakeTimelock.listAgentRequests.mockResolvedValue(queue([request()]));
    wrap(<AgentRequests />);
    const button = await screen.findByRole("button", { name: "Veto" });
    await waitFor(() => expect(button.hasAttribute("disabled")).toBe(true));
    expect(screen.getByText(/Create or restore your identity/)).toBeTruthy();
  });

  it("disables the veto after the eta on the chain's clock", async () => {
    fakeTimelock.listAgentRequests.mockResolvedValue({ ...queue([request({ eta: now + 60 })]), clockOffset: 120 });
    wrap(<AgentRequests />);
    expect(await screen.findByText(/veto window has closed/)).toBeTruthy();
  });

  it("proves in the worker and sends veto(requestId, proof) for a member", async () => {
    const user = userEvent.setup();
    const worker = new FakeWorker();
    setProofWorkerFactory(() => worker as unknown as Worker);
    localStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({
        version: 1,
        privateKey: btoa("aos-personhood:aos-demo-human-alice"),
        commitment: ALICE,
        createdAt: "",
        source: "demo",
      }),
    );
    fakeTimelock.listAgentRequests.mockResolvedValue(queue([request({ id: 4n, vetoScope: 1234n })]));
    wrap(<AgentRequests />);
    const button = await screen.findByRole("button", { name: "Veto" });
    await waitFor(() => expect(button.hasAttribute("disabled")).toBe(false), { timeout: 10_000 });
    await user.click(button);
    expect(await screen.findByRole("progressbar", { name: "Generating proof" })).toBeTruthy();
    await waitFor(() => expect(wallet.send).toHaveBeenCalledTimes(1));
    const [label, write] = wallet.send.mock.calls[0] as unknown as [string, { functionName: string; args: unknown[] }];
    expect(label).toBe("Veto request #4");
    expect(write.functionName).toBe("veto");
    expect(write.args[0]).toBe(4n);
    expect(write.args[1]).toMatchObject({ message: 4n, scope: 1234n, nullifier: 7n });
    const sent = worker.received[0];
    expect(sent?.type === "prove" && sent.input).toMatchObject({
      message: 4n,
      scope: 1234n,
      depth: 1,
      expectedRoot: 1n,
    });
  });

  it("says plainly that the sending account is visible", async () => {
    fakeTimelock.listAgentRequests.mockResolvedValue(queue([request()]));
    wrap(<AgentRequests />);
    expect(await screen.findByText(/visible on-chain.*fresh account/)).toBeTruthy();
  });

  it("offers Execute on a ready request and sends execute(id, its actions) with their value", async () => {
    const withValue = {
      target: "0x0000000000000000000000000000000000000002" as const,
      value: 5n,
      data: "0xabcdef01" as const,
      text: "Call 0x0000000000000000000000000000000000000002 with 0xabcdef01, sending 0.000000000000000005 ETH",
    };
    fakeTimelock.listAgentRequests.mockResolvedValue(
      queue([request({ id: 6n, state: "Ready", eta: now - 10, actions: [request().actions[0]!, withValue] })]),
    );
    wrap(<AgentRequests />);
    const button = await screen.findByRole("button", { name: "Execute" });
    expect(screen.getByText(/anyone can now run its 2 actions/)).toBeTruthy();
    await userEvent.click(button);
    await waitFor(() => expect(wallet.send).toHaveBeenCalledTimes(1));
    const [label, write] = wallet.send.mock.calls[0] as unknown as [
      string,
      { functionName: string; args: unknown[]; value?: bigint },
    ];
    expect(label).toBe("Execute request #6");
    expect(write.functionName).toBe("execute");
    expect(write.args).toEqual([
      6n,
      [
        { target: "0x0000000000000000000000000000000000000001", value: 0n, data: "0x12345678" },
        { target: "0x0000000000000000000000000000000000000002", value: 5n, data: "0xabcdef01" },
      ],
    ]);
    expect(write.value).toBe(5n);
  });

  it("offers no Execute while queued, once vetoed or executed, and says why without a wallet", async () => {
    wallet.reason = "Connect a wallet first.";
    fakeTimelock.listAgentRequests.mockResolvedValue(
      queue([
        request({ id: 1n }),
        request({ id: 2n, state: "Executed" }),
        request({ id: 3n, state: "Vetoed", killed: true }),
        request({ id: 4n, state: "Ready", eta: now - 10 }),
      ]),
    );
    wrap(<AgentRequests />);
    const rows = await screen.findAllByTestId("agent-request");
    for (const row of rows.slice(0, 3)) expect(within(row).queryByRole("button", { name: "Execute" })).toBeNull();
    const execute = within(rows[3]!).getByRole("button", { name: "Execute" });
    expect(execute.hasAttribute("disabled")).toBe(true);
    expect(within(rows[3]!).getAllByText("Connect a wallet first.").length).toBeGreaterThan(0);
  });
});
