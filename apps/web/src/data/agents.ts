/**
 * Agents: karma in every dimension with its history, counters, earnings, stake and tasks of one
 * agent, and the leaderboard of a domain. Each read is a fixed number of round trips, whatever the
 * number of agents or tasks: one getLogs per event kind, one multicall for the state, one batched
 * request for the block times.
 */
import { NATIVE_ASSET, TASK_STATES, TASK_TYPES, type TaskStateName } from "@aos/sdk";
import { type Address, getAddress, isAddress } from "viem";
import { blockTimes, call, contract, events, multiread, publicClient } from "./chain";
import { type Dimension, dimensionLabel, karmaToNumber, listDimensions } from "./dimensions";

export type TokenInfo = { address: Address; symbol: string; decimals: number };

export const ETH: TokenInfo = { address: NATIVE_ASSET, symbol: "ETH", decimals: 18 };

/** What the user typed in the address bar is not an address. */
export class InvalidAgentAddressError extends Error {
  override name = "InvalidAgentAddressError";
  readonly input: string;
  constructor(input: string) {
    super(
      `"${input}" is not an Ethereum address. An address is 0x followed by 40 hexadecimal characters: pick an agent from the leaderboard, or check the link you followed.`,
    );
    this.input = input;
  }
}

/** The checksummed address, or InvalidAgentAddressError naming what was given. */
export function parseAgentAddress(input: string): Address {
  const value = decodeURIComponent(input).trim();
  if (!isAddress(value, { strict: false })) throw new InvalidAgentAddressError(value);
  return getAddress(value);
}

export type KarmaValue = Dimension & { value: bigint; karma: number };

export type KarmaPoint = { time: number; value: number };
export type KarmaSeries = { dimension: number; name: string; kind: Dimension["kind"]; points: KarmaPoint[] };

export type AgentRecord = {
  tasksCompleted: number;
  tasksFailed: number;
  trustDepth: number;
  totalEarnedNative: bigint;
};

export type StakeBalance = { free: bigint; locked: bigint };
export type PendingWithdrawal = { amount: bigint; readyAt: number };

export type AgentStake = {
  native: StakeBalance;
  token: StakeBalance;
  /** Own native stake (free and locked) plus a standing vouch: what claiming checks. */
  standing: bigint;
  minimumStake: bigint;
  pendingNative: PendingWithdrawal;
  pendingToken: PendingWithdrawal;
  /** Someone's bond behind this agent; undefined when nobody vouches. */
  vouch?: { voucher: Address; bond: bigint; releaseAt: number };
};

export type AgentTask = {
  id: bigint;
  /** "agent" when it claimed the task, "requester" when it posted it (a task may be both). */
  roles: ("agent" | "requester")[];
  state: TaskStateName;
  token: TokenInfo;
  bounty: bigint;
  taskType: number;
  domain: number;
  /** Paid to this agent on acceptance. */
  payment?: bigint;
  /** When the agent claimed it or, for a requester, when it was created (unix seconds). */
  time: number;
};

export type AgentProfile = {
  address: Address;
  karma: KarmaValue[];
  history: KarmaSeries[];
  record: AgentRecord;
  earned: { native: bigint; token: bigint };
  demoToken: TokenInfo;
  stake: AgentStake;
  tasks: AgentTask[];
  /** The chain's clock, for countdowns. */
  chainNow: number;
  /** The chain's clock minus the wall clock, in seconds. */
  clockOffset: number;
};

export { dimensionLabel as dimensionTitle };

export function taskTypeName(taskType: number): string {
  const entry = Object.entries(TASK_TYPES).find(([, id]) => id === taskType);
  if (!entry) return `Type ${taskType}`;
  return {
    llm: "LLM",
    dcosSimulation: "DCOS simulation",
    governanceSimulation: "Governance simulation",
    humanTask: "Human task",
  }[entry[0] as keyof typeof TASK_TYPES];
}

// ---------------------------------------------------------------------------------------------
// Pure builders (tested with fixtures)

export type KarmaUpdateEvent = {
  agent: Address;
  dimension: number;
  newValue: bigint;
  blockNumber: bigint;
  logIndex: number;
};
export type TaskOutcomeEvent = {
  agent: Address;
  domain: number;
  success: boolean;
  domainKarma: bigint;
  taskCompletion: bigint;
  responseTime: bigint;
  blockNumber: bigint;
  logIndex: number;
};

/** The registry's fixed dimensions a settled task moves next to its domain. */
export const TASK_COMPLETION_DIMENSION = 2;
export const RESPONSE_TIME_DIMENSION = 3;

/**
 * Karma over time per dimension. A KarmaUpdated event is one point; a TaskOutcomeRecorded event
 * stands for three (accuracy in the task's domain, task completion, response time). Each series
 * ends with the current, decayed value at the chain's time. Dimensions the agent never had karma in
 * have no series.
 */
export function buildKarmaHistory(
  updates: readonly KarmaUpdateEvent[],
  outcomes: readonly TaskOutcomeEvent[],
  blockTimes: ReadonlyMap<bigint, number>,
  current: readonly KarmaValue[],
  now: number,
): KarmaSeries[] {
  type Raw = { dimension: number; value: bigint; block: bigint; logIndex: number };
  const raw: Raw[] = updates.map((u) => ({
    dimension: u.dimension,
    value: u.newValue,
    block: u.blockNumber,
    logIndex: u.logIndex,
  }));
  for (const o of outcomes) {
    raw.push({ dimension: o.domain, value: o.domainKarma, block: o.blockNumber, logIndex: o.logIndex });
    raw.push({
      dimension: TASK_COMPLETION_DIMENSION,
      value: o.taskCompletion,
      block: o.blockNumber,
      logIndex: o.logIndex,
    });
    raw.push({ dimension: RESPONSE_TIME_DIMENSION, value: o.responseTime, block: o.blockNumber, logIndex: o.logIndex });
  }
  raw.sort((a, b) => (a.block === b.block ? a.logIndex - b.logIndex : a.block < b.block ? -1 : 1));
  const byDimension = new Map<number, KarmaPoint[]>();
  for (const r of raw) {
    const time = blockTimes.get(r.block);
    if (time === undefined) continue;
    const points = byDimension.get(r.dimension) ?? [];
    const point = { time, value: karmaToNumber(r.value) };
    // Several changes in one block: the last one is the value the block ends with.
    if (points.at(-1)?.time === time) points[points.length - 1] = point;
    else points.push(point);
    byDimension.set(r.dimension, points);
  }
  const series: KarmaSeries[] = [];
  for (const dim of current) {
    const points = byDimension.get(dim.id);
    if (!points) continue;
    const last = points.at(-1);
    if (last && now > last.time) points.push({ time: now, value: dim.karma });
    series.push({ dimension: dim.id, name: dim.name, kind: dim.kind, points });
  }
  return series;
}

/** Rows for a multi-series line chart: one row per time, the value of each series carried forward. */
export function historyRows(series: readonly KarmaSeries[]): Record<string, number>[] {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.time)))].sort((a, b) => a - b);
  const cursor = new Map<number, number>();
  const lastValue = new Map<number, number>();
  return times.map((time) => {
    const row: Record<string, number> = { time };
    for (const s of series) {
      let i = cursor.get(s.dimension) ?? 0;
      for (let p = s.points[i]; p && p.time <= time; p = s.points[++i]) lastValue.set(s.dimension, p.value);
      cursor.set(s.dimension, i);
      const v = lastValue.get(s.dimension);
      if (v !== undefined) row[`d${s.dimension}`] = v;
    }
    return row;
  });
}

export type LeaderboardRow = {
  rank: number;
  address: Address;
  karma: number;
  value: bigint;
  tasksCompleted: number;
  tasksFailed: number;
  earnedNative: bigint;
  earnedToken: bigint;
};

/**
 * Highest karma first; equal karma ranks by tasks completed, then by address so the order is stable.
 * Equal karma and tasks share a rank.
 */
export function rankLeaderboard(rows: readonly Omit<LeaderboardRow, "rank">[]): LeaderboardRow[] {
  const sorted = [...rows].sort((a, b) => {
    if (a.value !== b.value) return a.value > b.value ? -1 : 1;
    if (a.tasksCompleted !== b.tasksCompleted) return b.tasksCompleted - a.tasksCompleted;
    return a.address.toLowerCase() < b.address.toLowerCase() ? -1 : 1;
  });
  let rank = 0;
  return sorted.map((row, i) => {
    const prev = sorted[i - 1];
    if (!prev || prev.value !== row.value || prev.tasksCompleted !== row.tasksCompleted) rank = i + 1;
    return { ...row, rank };
  });
}

// ---------------------------------------------------------------------------------------------
// Chain reads

/** An event's decoded arguments, typed by the caller (the reads are strict: every argument is there). */
export type Log<A> = { args: A; blockNumber: bigint; logIndex: number };
export function logs<A>(list: readonly unknown[]): Log<A>[] {
  return list as Log<A>[];
}

/** The registry's dimensions with one agent's value in each. */
async function dimensionsWithKarma(agent: Address): Promise<KarmaValue[]> {
  const dimensions = await listDimensions();
  const values = await multiread<bigint[]>(dimensions.map((d) => call("KarmaRegistry", "karmaOf", [agent, d.id])));
  return dimensions.map((d, i) => {
    const value = BigInt(values[i] ?? 0n);
    return { ...d, value, karma: karmaToNumber(value) };
  });
}

/** Every dimension the registry knows. */
export const listKarmaDimensions = listDimensions;

async function demoTokenInfo(): Promise<TokenInfo> {
  const token = contract("DemoToken").address;
  const [symbol, decimals] = await multiread<[string, number]>([
    call("DemoToken", "symbol"),
    call("DemoToken", "decimals"),
  ]);
  return { address: token, symbol, decimals: Number(decimals) };
}

export async function getAgentProfile(input: string): Promise<AgentProfile> {
  const address = parseAgentAddress(input);
  const token = contract("DemoToken").address;

  const [karma, demoToken, updates, outcomes, claimed, created, accepted, latest] = await Promise.all([
    dimensionsWithKarma(address),
    demoTokenInfo(),
    events("KarmaRegistry", "KarmaUpdated", { agent: address }).then(logs<{ dimension: number; newValue: bigint }>),
    events("KarmaRegistry", "TaskOutcomeRecorded", { agent: address }).then(
      logs<{ domain: number; success: boolean; domainKarma: bigint; taskCompletion: bigint; responseTime: bigint }>,
    ),
    events("TaskEscrow", "TaskClaimed", { agent: address }).then(logs<{ taskId: bigint }>),
    events("TaskEscrow", "TaskCreated", { requester: address }).then(logs<{ taskId: bigint; taskType: number }>),
    events("TaskEscrow", "TaskAccepted", { agent: address }).then(logs<{ taskId: bigint; payment: bigint }>),
    publicClient().getBlock({ blockTag: "latest" }),
  ]);
  // The type of the tasks it claimed is in their TaskCreated events: one more getLogs, by task id.
  const claimedIds = claimed.map((e) => e.args.taskId);
  const createdForClaims =
    claimedIds.length === 0
      ? []
      : logs<{ taskId: bigint; taskType: number }>(await events("TaskEscrow", "TaskCreated", { taskId: claimedIds }));
  const now = Number(latest.timestamp);

  const taskIds = [...new Set([...claimed.map((e) => e.args.taskId), ...created.map((e) => e.args.taskId)])].sort(
    (a, b) => (a < b ? 1 : -1),
  );

  const state = await multiread([
    call("KarmaRegistry", "agentRecord", [address]),
    call("KarmaRegistry", "earned", [address, NATIVE_ASSET]),
    call("KarmaRegistry", "earned", [address, token]),
    call("StakingVault", "balanceOf", [address, NATIVE_ASSET]),
    call("StakingVault", "balanceOf", [address, token]),
    call("StakingVault", "standingOf", [address]),
    call("StakingVault", "minimumStake"),
    call("StakingVault", "pendingWithdrawal", [address, NATIVE_ASSET]),
    call("StakingVault", "pendingWithdrawal", [address, token]),
    call("StakingVault", "vouchOf", [address]),
    ...taskIds.map((id) => call("TaskEscrow", "getTask", [id])),
  ]);
  const [
    recordRaw,
    earnedNative,
    earnedToken,
    balNative,
    balToken,
    standing,
    minimumStake,
    pendNative,
    pendToken,
    vouch,
  ] = state as [
    AgentRecord,
    bigint,
    bigint,
    StakeBalance,
    StakeBalance,
    bigint,
    bigint,
    { amount: bigint; readyAt: number },
    { amount: bigint; readyAt: number },
    { voucher: Address; bond: bigint; releaseAt: number },
  ];
  const views = state.slice(10) as {
    token: Address;
    state: number;
    bounty: bigint;
    domain: number;
    createdAt: number;
  }[];

  const times = await blockTimes([
    ...updates.map((e) => e.blockNumber),
    ...outcomes.map((e) => e.blockNumber),
    ...claimed.map((e) => e.blockNumber),
  ]);

  const createdById = new Map(created.map((e) => [e.args.taskId, e.args]));
  const typeById = new Map([...createdForClaims, ...created].map((e) => [e.args.taskId, Number(e.args.taskType)]));
  const claimedById = new Map(claimed.map((e) => [e.args.taskId, e]));
  const paidById = new Map(accepted.map((e) => [e.args.taskId, e.args.payment]));
  const tasks: AgentTask[] = taskIds.map((id, i) => {
    const view = views[i]!;
    const claim = claimedById.get(id);
    const roles: AgentTask["roles"] = [];
    if (claim) roles.push("agent");
    if (createdById.has(id)) roles.push("requester");
    const tokenAddress = getAddress(view.token);
    return {
      id,
      roles,
      state: TASK_STATES[Number(view.state)] ?? "None",
      token:
        tokenAddress === NATIVE_ASSET
          ? ETH
          : tokenAddress === getAddress(token)
            ? demoToken
            : { ...ETH, address: tokenAddress, symbol: "tokens" },
      bounty: view.bounty,
      taskType: typeById.get(id) ?? 0,
      domain: Number(view.domain),
      payment: paidById.get(id),
      time: claim ? (times.get(claim.blockNumber) ?? Number(view.createdAt)) : Number(view.createdAt),
    };
  });

  const history = buildKarmaHistory(
    updates.map((e) => ({
      agent: address,
      dimension: Number(e.args.dimension),
      newValue: e.args.newValue,
      blockNumber: e.blockNumber,
      logIndex: e.logIndex,
    })),
    outcomes.map((e) => ({
      agent: address,
      domain: Number(e.args.domain),
      success: e.args.success,
      domainKarma: e.args.domainKarma,
      taskCompletion: e.args.taskCompletion,
      responseTime: e.args.responseTime,
      blockNumber: e.blockNumber,
      logIndex: e.logIndex,
    })),
    times,
    karma,
    now,
  );

  return {
    address,
    karma,
    history,
    record: {
      tasksCompleted: Number(recordRaw.tasksCompleted),
      tasksFailed: Number(recordRaw.tasksFailed),
      trustDepth: Number(recordRaw.trustDepth),
      totalEarnedNative: recordRaw.totalEarnedNative,
    },
    earned: { native: earnedNative, token: earnedToken },
    demoToken,
    stake: {
      native: { free: balNative.free, locked: balNative.locked },
      token: { free: balToken.free, locked: balToken.locked },
      standing,
      minimumStake,
      pendingNative: { amount: pendNative.amount, readyAt: Number(pendNative.readyAt) },
      pendingToken: { amount: pendToken.amount, readyAt: Number(pendToken.readyAt) },
      vouch:
        vouch.bond > 0n ? { voucher: vouch.voucher, bond: vouch.bond, releaseAt: Number(vouch.releaseAt) } : undefined,
    },
    tasks,
    chainNow: now,
    clockOffset: now - Date.now() / 1000,
  };
}

export type Leaderboard = {
  dimension: Dimension;
  dimensions: Dimension[];
  rows: LeaderboardRow[];
  demoToken: TokenInfo;
};

/**
 * Every address that ever had karma (KarmaUpdated and TaskOutcomeRecorded agents), ranked by its
 * current karma in `dimensionId` (the first Accuracy dimension when none is given).
 */
export async function getLeaderboard(dimensionId?: number): Promise<Leaderboard> {
  const [dimensions, demoToken, updates, outcomes] = await Promise.all([
    listKarmaDimensions(),
    demoTokenInfo(),
    events("KarmaRegistry", "KarmaUpdated").then(logs<{ agent: Address }>),
    events("KarmaRegistry", "TaskOutcomeRecorded").then(logs<{ agent: Address }>),
  ]);
  const dimension =
    dimensions.find((d) => d.id === dimensionId) ?? dimensions.find((d) => d.kind === "Accuracy") ?? dimensions[0];
  if (!dimension) throw new Error("The karma registry has no dimensions yet: deploy and seed the contracts first.");
  const agents = [...new Set([...updates, ...outcomes].map((e) => getAddress(e.args.agent)))];
  const token = demoToken.address;
  const out = await multiread(
    agents.flatMap((agent) => [
      call("KarmaRegistry", "karmaOf", [agent, dimension.id]),
      call("KarmaRegistry", "agentRecord", [agent]),
      call("KarmaRegistry", "earned", [agent, NATIVE_ASSET]),
      call("KarmaRegistry", "earned", [agent, token]),
    ]),
  );
  const rows = agents.map((address, i) => {
    const value = BigInt(out[4 * i] as bigint);
    const record = out[4 * i + 1] as AgentRecord;
    return {
      address,
      value,
      karma: karmaToNumber(value),
      tasksCompleted: Number(record.tasksCompleted),
      tasksFailed: Number(record.tasksFailed),
      earnedNative: out[4 * i + 2] as bigint,
      earnedToken: out[4 * i + 3] as bigint,
    };
  });
  return { dimension, dimensions, rows: rankLeaderboard(rows), demoToken };
}
