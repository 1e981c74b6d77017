import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_BATCH, parseCommitments, SNARK_SCALAR_FIELD } from "./registrar";

// Fakes of the data module: no chain is needed.
const fakePersonhood = vi.hoisted(() => ({
  getPersonhoodGroup: vi.fn(async () => ({
    members: [11n, 0n, 12n],
    root: 1n,
    depth: 2,
    size: 3,
    rootValidity: 86400,
  })),
  getRegistrarStatus: vi.fn(async (account: `0x${string}`) => ({ account, active: true, registered: 3 })),
}));
vi.mock("@/data/personhood", async (importOriginal) => ({ ...(await importOriginal<object>()), ...fakePersonhood }));

// The wallet and the transaction hook, faked: the test checks what would be sent.
const wallet = vi.hoisted(() => ({
  account: "0xa0ee7a142d267c1f36714e4a8f75612f20a79720" as `0x${string}` | undefined,
  reason: undefined as string | undefined,
  send: vi.fn(async (..._args: unknown[]) => ({ status: "success" })),
}));
vi.mock("@/wallet/useWriteGuard", () => ({
  useWriteGuard: () => ({ account: wallet.account, reason: wallet.reason }),
}));
vi.mock("@/tx/useAosTransaction", () => ({
  useAosTransaction: () => ({ state: { phase: "idle" }, send: wallet.send, reset: () => {}, isBusy: false }),
}));

const { RegistrarPanel } = await import("./RegistrarPanel");

function renderPanel(): void {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  render(<RegistrarPanel />, { wrapper });
}

/** Clicks "Add to the group" and returns the one transaction the panel sent: its label and call. */
async function submitAndSent(): Promise<[string, { functionName: string; args: unknown[] }]> {
  await userEvent.click(screen.getByRole("button", { name: "Add to the group" }));
  await waitFor(() => expect(wallet.send).toHaveBeenCalledTimes(1));
  return wallet.send.mock.calls[0] as [string, { functionName: string; args: unknown[] }];
}

describe("parseCommitments", () => {
  it("takes decimal and hex entries separated by lines, commas or spaces, in order", () => {
    const parsed = parseCommitments("123\n0x10, 77  5");
    expect(parsed.problems).toEqual([]);
    expect(parsed.commitments).toEqual([123n, 16n, 77n, 5n]);
  });

  it("names every entry that cannot be added, and keeps the good ones", () => {
    const parsed = parseCommitments(`abc 0 ${SNARK_SCALAR_FIELD} 9 9 11 -4`, [11n]);
    expect(parsed.commitments).toEqual([9n]);
    expect(parsed.problems.map((p) => p.entry)).toEqual(["abc", "0", `${SNARK_SCALAR_FIELD}`, "9", "11", "-4"]);
    expect(parsed.problems[0]?.reason).toMatch(/not a commitment/);
    expect(parsed.problems[1]?.reason).toMatch(/outside Semaphore's field/);
    expect(parsed.problems[2]?.reason).toMatch(/outside Semaphore's field/);
    expect(parsed.problems[3]?.reason).toMatch(/twice/);
    expect(parsed.problems[4]?.reason).toMatch(/already a member/);
  });

  it("accepts the largest field element and a removed member's empty leaf is no member", () => {
    const parsed = parseCommitments(`${SNARK_SCALAR_FIELD - 1n}`, [0n]);
    expect(parsed).toEqual({ commitments: [SNARK_SCALAR_FIELD - 1n], problems: [] });
  });

  it("refuses a batch larger than one transaction should carry", () => {
    const text = Array.from({ length: MAX_BATCH + 1 }, (_, i) => String(i + 1)).join("\n");
    const parsed = parseCommitments(text);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]?.reason).toMatch(`at most ${MAX_BATCH}`);
  });
});

describe("RegistrarPanel", () => {
  beforeEach(() => {
    wallet.account = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720";
    wallet.reason = undefined;
    wallet.send.mockClear();
    fakePersonhood.getRegistrarStatus.mockClear();
  });

  it("shows nothing to an account that is not a registrar", async () => {
    fakePersonhood.getRegistrarStatus.mockImplementationOnce(async (account) => ({
      account,
      active: false,
      registered: 0,
    }));
    renderPanel();
    await waitFor(() => expect(fakePersonhood.getRegistrarStatus).toHaveBeenCalled());
    expect(screen.queryByRole("heading", { name: /registrar/i })).toBeNull();
  });

  it("reads nothing and shows nothing without a connected account", () => {
    wallet.account = undefined;
    renderPanel();
    expect(fakePersonhood.getRegistrarStatus).not.toHaveBeenCalled();
    expect(screen.queryByLabelText("Identity commitments")).toBeNull();
  });

  it("adds one commitment with addMember", async () => {
    renderPanel();
    const field = await screen.findByLabelText("Identity commitments");
    expect(screen.getByText(/3 people added by you/)).toBeInTheDocument();
    await userEvent.type(field, "424242");
    const [label, write] = await submitAndSent();
    expect(label).toBe("Add a verified human");
    expect(write.functionName).toBe("addMember");
    expect(write.args).toEqual([424242n]);
    await waitFor(() => expect(field).toHaveValue(""));
  });

  it("adds several with one addMembers", async () => {
    renderPanel();
    const field = await screen.findByLabelText("Identity commitments");
    await userEvent.type(field, "5{enter}6{enter}7");
    const [label, write] = await submitAndSent();
    expect(label).toBe("Add 3 verified humans");
    expect(write.functionName).toBe("addMembers");
    expect(write.args).toEqual([[5n, 6n, 7n]]);
  });

  it("sends nothing while an entry is wrong, and says which", async () => {
    renderPanel();
    const field = await screen.findByLabelText("Identity commitments");
    // The group's members must be known for the "already a member" check.
    await waitFor(() => expect(fakePersonhood.getPersonhoodGroup).toHaveBeenCalled());
    await userEvent.type(field, "5{enter}12");
    await userEvent.click(screen.getByRole("button", { name: "Add to the group" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("12 is already a member of the group.");
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(wallet.send).not.toHaveBeenCalled();
  });

  it("asks for a commitment when the field is empty", async () => {
    renderPanel();
    await screen.findByLabelText("Identity commitments");
    await userEvent.click(screen.getByRole("button", { name: "Add to the group" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Paste at least one identity commitment.");
    expect(wallet.send).not.toHaveBeenCalled();
  });

  it("says why the button cannot be used on the wrong network", async () => {
    wallet.reason = "Switch your wallet to AOS local.";
    renderPanel();
    const button = await screen.findByRole("button", { name: "Add to the group" });
    expect(button).toBeDisabled();
    expect(screen.getByText("Switch your wallet to AOS local.")).toBeInTheDocument();
  });
});
