/** The agents data module's pure parts, with fixture events (no chain). */
import { describe, expect, it } from "vitest";
import {
  buildKarmaHistory,
  dimensionTitle,
  historyRows,
  InvalidAgentAddressError,
  type KarmaValue,
  parseAgentAddress,
  rankLeaderboard,
} from "@/data/agents";

const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const DAVE = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const E18 = 10n ** 18n;
const karma = (x: number) => (BigInt(Math.round(x * 1e6)) * E18) / 1_000_000n;

describe("parseAgentAddress", () => {
  it("checksums a lowercase address", () => {
    expect(parseAgentAddress(BOB.toLowerCase())).toBe(BOB);
  });
  it("names what is not an address", () => {
    expect(() => parseAgentAddress("bob")).toThrow(InvalidAgentAddressError);
    expect(() => parseAgentAddress("bob")).toThrow('"bob" is not an Ethereum address');
    expect(() => parseAgentAddress("0x1234")).toThrow('"0x1234" is not an Ethereum address');
    expect(() => parseAgentAddress(`${BOB}00`)).toThrow(/is not an Ethereum address/);
  });
});

describe("dimensionTitle", () => {
  it("drops the kind prefix and underscores", () => {
    expect(dimensionTitle("accuracy.code_review")).toBe("Code review");
    expect(dimensionTitle("reliability.task_completion")).toBe("Task completion");
    expect(dimensionTitle("governance")).toBe("Governance");
  });
});

describe("rankLeaderboard", () => {
  const row = (address: `0x${string}`, value: bigint, tasksCompleted: number) => ({
    address,
    value,
    karma: Number(value) / 1e18,
    tasksCompleted,
    tasksFailed: 0,
    earnedNative: 0n,
    earnedToken: 0n,
  });

  it("ranks by karma, then tasks completed, and shares a rank on a full tie", () => {
    const ranked = rankLeaderboard([
      row(CAROL, 0n, 0),
      row(DAVE, karma(0.72), 0),
      row(BOB, karma(0.75), 5),
      row("0x14dC79964da2C08b23698B3D3cc7Ca32193d9955", karma(0.72), 2),
      row("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", 0n, 0),
    ]);
    expect(ranked.map((r) => [r.rank, r.address])).toEqual([
      [1, BOB],
      [2, "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955"],
      [3, DAVE],
      [4, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
      [4, CAROL],
    ]);
  });

  it("compares karma exactly, not after rounding to two decimals", () => {
    const ranked = rankLeaderboard([row(DAVE, karma(0.719881), 0), row(CAROL, karma(0.719882), 0)]);
    expect(ranked.map((r) => r.address)).toEqual([CAROL, DAVE]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2]);
  });
});

describe("buildKarmaHistory", () => {
  const dims: KarmaValue[] = [
    { id: 2, name: "reliability.task_completion", kind: "Reliability", baseline: 0n, value: karma(0.8), karma: 0.8 },
    { id: 3, name: "reliability.response_time", kind: "Reliability", baseline: 0n, value: karma(0.3), karma: 0.3 },
    { id: 4, name: "governance", kind: "Governance", baseline: 0n, value: karma(0.34), karma: 0.34 },
    { id: 5, name: "accuracy.code_review", kind: "Accuracy", baseline: 0n, value: karma(0.74), karma: 0.74 },
    { id: 8, name: "accuracy.simulation", kind: "Accuracy", baseline: 0n, value: karma(0.19), karma: 0.19 },
    { id: 10, name: "skill.python", kind: "Skill", baseline: 0n, value: 0n, karma: 0 },
  ];
  const times = new Map<bigint, number>([
    [43n, 1000],
    [44n, 1010],
    [46n, 1020],
    [100n, 2000],
    [120n, 3000],
  ]);
  const updates = [
    { agent: BOB, dimension: 5, newValue: karma(0.72), blockNumber: 43n, logIndex: 0 },
    { agent: BOB, dimension: 2, newValue: karma(0.72), blockNumber: 44n, logIndex: 0 },
    { agent: BOB, dimension: 4, newValue: karma(0.35), blockNumber: 46n, logIndex: 0 },
  ] as const;
  const outcome = (domain: number, block: bigint, d: number, tc: number, rt: number) => ({
    agent: BOB,
    domain,
    success: true,
    domainKarma: karma(d),
    taskCompletion: karma(tc),
    responseTime: karma(rt),
    blockNumber: block,
    logIndex: 1,
  });
  // Given newest first: the builder orders by block.
  const outcomes = [outcome(8, 120n, 0.19, 0.8, 0.3), outcome(5, 100n, 0.748, 0.75, 0.1)];
  const series = buildKarmaHistory([...updates], outcomes, times, dims, 5000);

  it("has one series per dimension the agent ever had karma in, in dimension order", () => {
    expect(series.map((s) => s.dimension)).toEqual([2, 3, 4, 5, 8]);
  });

  it("counts a task outcome as accuracy in its domain, task completion and response time", () => {
    const byId = new Map(series.map((s) => [s.dimension, s.points]));
    expect(byId.get(5)).toEqual([
      { time: 1000, value: 0.72 },
      { time: 2000, value: 0.748 },
      { time: 5000, value: 0.74 },
    ]);
    expect(byId.get(2)).toEqual([
      { time: 1010, value: 0.72 },
      { time: 2000, value: 0.75 },
      { time: 3000, value: 0.8 },
      { time: 5000, value: 0.8 },
    ]);
    expect(byId.get(3)?.map((p) => p.value)).toEqual([0.1, 0.3, 0.3]);
    expect(byId.get(8)).toEqual([
      { time: 3000, value: 0.19 },
      { time: 5000, value: 0.19 },
    ]);
  });

  it("ends each line at the current, decayed value", () => {
    expect(series.find((s) => s.dimension === 4)?.points).toEqual([
      { time: 1020, value: 0.35 },
      { time: 5000, value: 0.34 },
    ]);
  });

  it("keeps the last change of a block when a block changes a dimension twice", () => {
    const twice = buildKarmaHistory(
      [
        { agent: BOB, dimension: 5, newValue: karma(0.1), blockNumber: 43n, logIndex: 3 },
        { agent: BOB, dimension: 5, newValue: karma(0.2), blockNumber: 43n, logIndex: 7 },
      ],
      [],
      times,
      dims,
      1000,
    );
    expect(twice[0]?.points).toEqual([{ time: 1000, value: 0.2 }]);
  });

  it("builds chart rows that carry each value forward", () => {
    const rows = historyRows(series);
    expect(rows[0]).toEqual({ time: 1000, d5: 0.72 });
    expect(rows.find((r) => r.time === 1020)).toEqual({ time: 1020, d2: 0.72, d4: 0.35, d5: 0.72 });
    expect(rows.at(-1)).toEqual({ time: 5000, d2: 0.8, d3: 0.3, d4: 0.34, d5: 0.74, d8: 0.19 });
  });
});
