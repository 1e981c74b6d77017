/** The governance data module's pure parts: action decoding, delegation chains, delegators. */
import { agentTimelockAbi, karmaRegistryAbi, reputationGovernorAbi } from "@aos/sdk";
import { type Abi, type Address, encodeFunctionData, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { currentDelegators, decodeAction, followDelegationChain, type KnownContract } from "@/data/governance";

const GOV = "0x00000000000000000000000000000000000000a1" as Address;
const KARMA = "0x00000000000000000000000000000000000000a2" as Address;
const TL = "0x00000000000000000000000000000000000000a3" as Address;
const known: KnownContract[] = [
  { name: "ReputationGovernor", address: GOV, abi: reputationGovernorAbi as Abi },
  { name: "KarmaRegistry", address: KARMA, abi: karmaRegistryAbi as Abi },
  { name: "AgentTimelock", address: TL, abi: agentTimelockAbi as Abi },
];
const A = "0x000000000000000000000000000000000000000A" as Address;
const B = "0x000000000000000000000000000000000000000b" as Address;
const C = "0x000000000000000000000000000000000000000C" as Address;
const D = "0x000000000000000000000000000000000000000d" as Address;

describe("decodeAction", () => {
  it("reads a governor setter on its AOS contract, with what the number means", () => {
    const data = encodeFunctionData({ abi: reputationGovernorAbi, functionName: "setVotingPeriod", args: [86_400] });
    const action = decodeAction({ target: GOV, value: 0n, data }, known);
    expect(action.text).toBe("ReputationGovernor.setVotingPeriod(86400)");
    expect(action.args).toEqual([{ name: "votingPeriod", type: "uint32", value: "86400", meaning: "1 day" }]);
  });
  it("matches the target address whatever its case, and reads WAD and bps values", () => {
    const alpha = decodeAction(
      {
        target: KARMA.toUpperCase().replace("0X", "0x") as Address,
        value: 0n,
        data: encodeFunctionData({ abi: karmaRegistryAbi, functionName: "setAlpha", args: [150_000_000_000_000_000n] }),
      },
      known,
    );
    expect(alpha.text).toBe("KarmaRegistry.setAlpha(150000000000000000)");
    expect(alpha.args?.[0]?.meaning).toBe("0.15");
    const quorum = decodeAction(
      {
        target: GOV,
        value: 0n,
        data: encodeFunctionData({ abi: reputationGovernorAbi, functionName: "setQuorumBps", args: [4000] }),
      },
      known,
    );
    expect(quorum.args?.[0]?.meaning).toBe("40%");
  });
  it("writes addresses in full (a proposal's target must not hide in an ellipsis)", () => {
    const action = decodeAction(
      {
        target: TL,
        value: 0n,
        data: encodeFunctionData({ abi: agentTimelockAbi, functionName: "registerAgent", args: [A] }),
      },
      known,
    );
    expect(action.text).toBe(`AgentTimelock.registerAgent(${A})`);
  });
  it("says when data does not decode on a known contract", () => {
    const action = decodeAction({ target: GOV, value: 0n, data: "0xdeadbeef00" }, known);
    expect(action.contractName).toBe("ReputationGovernor");
    expect(action.text).toMatch(/^ReputationGovernor: unknown call 0xdeadbeef00/);
  });
  it("shows a call to an unknown address raw, and ETH sent", () => {
    expect(decodeAction({ target: D, value: 0n, data: "0x12345678" }, known).text).toBe(`Call ${D} with 0x12345678`);
    expect(decodeAction({ target: D, value: 10n ** 18n, data: "0x" }, known).text).toBe(`Send to ${D}, sending 1 ETH`);
  });
});

describe("followDelegationChain", () => {
  const reader = (graph: Record<string, { to: Address; power: bigint }>) => async (a: Address) => {
    const node = graph[a.toLowerCase()];
    return { delegatee: node?.to ?? zeroAddress, expiry: 100, power: node?.power ?? 0n };
  };
  it("follows delegations upward with each hop's power", async () => {
    const read = reader({
      [A.toLowerCase()]: { to: B, power: 1n },
      [B.toLowerCase()]: { to: C, power: 3n },
      [C.toLowerCase()]: { to: zeroAddress, power: 6n },
    });
    const { hops, cycle } = await followDelegationChain(A, read);
    expect(cycle).toBe(false);
    expect(hops.map((h) => [h.address, h.power])).toEqual([
      [B, 3n],
      [C, 6n],
    ]);
  });
  it("is empty for an account that does not delegate", async () => {
    expect(await followDelegationChain(A, reader({}))).toEqual({ hops: [], cycle: false });
  });
  it("stops at a cycle instead of looping", async () => {
    const read = reader({
      [A.toLowerCase()]: { to: B, power: 1n },
      [B.toLowerCase()]: { to: C, power: 1n },
      [C.toLowerCase()]: { to: A, power: 1n },
    });
    const { hops, cycle } = await followDelegationChain(A, read);
    expect(cycle).toBe(true);
    expect(hops.map((h) => h.address)).toEqual([B, C]);
  });
  it("stops after the most hops allowed", async () => {
    const read = reader({
      [A.toLowerCase()]: { to: B, power: 1n },
      [B.toLowerCase()]: { to: C, power: 1n },
      [C.toLowerCase()]: { to: D, power: 1n },
    });
    expect((await followDelegationChain(A, read, 2)).hops).toHaveLength(2);
  });
});

describe("currentDelegators", () => {
  it("keeps each delegator's latest delegation, and drops those that moved away or revoked", () => {
    const log = [
      { delegator: A, newDelegate: D, expiry: 500 },
      { delegator: B, newDelegate: D, expiry: 500 },
      { delegator: C, newDelegate: D, expiry: 500 },
      { delegator: B, newDelegate: A, expiry: 500 },
      { delegator: C, newDelegate: zeroAddress, expiry: 0 },
    ];
    expect(currentDelegators(log, D, 100)).toEqual([{ delegator: A, expiry: 500, expired: false }]);
  });
  it("marks expired delegations (they carry weight until cleared)", () => {
    expect(currentDelegators([{ delegator: A, newDelegate: D, expiry: 50 }], D, 100)).toEqual([
      { delegator: A, expiry: 50, expired: true },
    ]);
    expect(currentDelegators([{ delegator: A, newDelegate: D, expiry: 0 }], D, 100)[0]?.expired).toBe(false);
  });
});
