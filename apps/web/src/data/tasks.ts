/**
 * Tasks of the escrow: the list (TaskCreated events plus one multicall of getTask), one task's
 * detail (its timeline from every escrow event, its dispute, its delegation chain), the escrow's
 * parameters, and token balances for the create form. A task's spec (deadline, requirements,
 * input) lives in its TaskCreated event: the stored view zeroes the deadline once a result
 * arrives and holds only a commitment to the requirements.
 */
import { NATIVE_ASSET, TASK_STATES, type TaskStateName } from "@aos/sdk";
import { type Address, erc20Abi, type Hex, parseEventLogs, type TransactionReceipt, zeroAddress } from "viem";
import { blockTimes, call, contract, events, multiread, publicClient } from "./chain";
import { listDimensions } from "./dimensions";

export type Requirement = { dimension: number; minimum: bigint };

export type TokenInfo = { address: Address; symbol: string; decimals: number; native: boolean };

export const NATIVE_TOKEN: TokenInfo = { address: NATIVE_ASSET, symbol: "ETH", decimals: 18, native: true };

export type TaskSummary = {
  id: bigint;
  requester: Address;
  /** The claimant; undefined while the task is open. */
  agent?: Address;
  token: TokenInfo;
  state: TaskStateName;
  bounty: bigint;
  stake: bigint;
  domain: number;
  taskType: number;
  inputHash: Hex;
  /** Submission deadline (unix seconds), from the event. */
  deadline: number;
  reviewWindow: number;
  /** When the review window closes; 0 before a result. */
  reviewEndsAt: number;
  submittedAt: number;
  /** Creation time (unix seconds); 0 in the list once a result is in (the detail reads it). */
  createdAt: number;
  requirements: Requirement[];
  skills: number[];
  parentId: bigint;
  depth: number;
  maxDelegationDepth: number;
  stakeBps: number;
  createdBlock: bigint;
};

type TaskView = {
  requester: Address;
  agent: Address;
  token: Address;
  state: number;
  bounty: bigint;
  stake: bigint;
  domain: number;
  createdAt: number;
  deadline: number;
  submittedAt: number;
  reviewEndsAt: number;
  reviewWindow: number;
  responseScore: bigint;
  parentId: bigint;
  stakeBps: number;
  depth: number;
  maxDepth: number;
};

type CreatedArgs = {
  taskId: bigint;
  requester: Address;
  token: Address;
  bounty: bigint;
  inputHash: Hex;
  taskType: number;
  domain: number;
  deadline: number;
  reviewWindow: number;
  stakeBps: number;
  maxDelegationDepth: number;
  requirements: readonly { dimension: number; minimum: bigint }[];
  skills: readonly number[];
};

type CreatedLog = { args: CreatedArgs; blockNumber: bigint };

/** The task as the list shows it: the event's spec overlaid with the stored state. */
export function taskFromParts(
  created: CreatedArgs,
  view: TaskView,
  token: TokenInfo,
  createdAt: number,
  createdBlock: bigint,
): TaskSummary {
  return {
    id: created.taskId,
    requester: created.requester,
    agent: view.agent && view.agent !== zeroAddress ? view.agent : undefined,
    token,
    state: TASK_STATES[view.state] ?? "None",
    bounty: view.bounty || created.bounty,
    stake: view.stake,
    domain: Number(created.domain),
    taskType: Number(created.taskType),
    inputHash: created.inputHash,
    deadline: Number(created.deadline),
    reviewWindow: Number(created.reviewWindow),
    reviewEndsAt: Number(view.reviewEndsAt),
    submittedAt: Number(view.submittedAt),
    createdAt,
    requirements: created.requirements.map((r) => ({ dimension: Number(r.dimension), minimum: r.minimum })),
    skills: created.skills.map(Number),
    parentId: view.parentId,
    depth: Number(view.depth),
    maxDelegationDepth: Number(view.maxDepth || created.maxDelegationDepth),
    stakeBps: Number(created.stakeBps),
    createdBlock,
  };
}

/** Symbol and decimals of each ERC-20 in one multicall (the native asset needs none). */
export async function readTokens(addresses: readonly Address[]): Promise<Map<string, TokenInfo>> {
  const out = new Map<string, TokenInfo>([[NATIVE_ASSET.toLowerCase(), NATIVE_TOKEN]]);
  const erc20s = [...new Set(addresses.map((a) => a.toLowerCase()))].filter((a) => a !== NATIVE_ASSET);
  if (erc20s.length === 0) return out;
  const calls = erc20s.flatMap((address) => [
    { address: address as Address, abi: erc20Abi, functionName: "symbol" },
    { address: address as Address, abi: erc20Abi, functionName: "decimals" },
  ]);
  const results = await multiread<(string | number)[]>(calls);
  erc20s.forEach((address, i) => {
    out.set(address, {
      address: address as Address,
      symbol: String(results[2 * i]),
      decimals: Number(results[2 * i + 1]),
      native: false,
    });
  });
  return out;
}

async function summarise(created: readonly CreatedLog[]): Promise<TaskSummary[]> {
  if (created.length === 0) return [];
  const [views, tokens] = await Promise.all([
    multiread<TaskView[]>(created.map((l) => call("TaskEscrow", "getTask", [l.args.taskId]))),
    readTokens(created.map((l) => l.args.token)),
  ]);
  // The view's createdAt is zero once a result is in. The list does not show it, so it costs no
  // block reads here: 0 stands for "not read"; the detail page reads the creation block's time.
  return created.map((log, i) => {
    const view = views[i] as TaskView;
    const createdAt = Number(view.createdAt);
    const token = tokens.get(log.args.token.toLowerCase()) ?? NATIVE_TOKEN;
    return taskFromParts(log.args, view, token, createdAt, log.blockNumber);
  });
}

/** Every task, newest first: one getLogs and one multicall, however many tasks there are. */
export async function listTasks(): Promise<TaskSummary[]> {
  const created = (await events("TaskEscrow", "TaskCreated")) as unknown as CreatedLog[];
  const tasks = await summarise(created);
  return tasks.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

// ---------------------------------------------------------------- detail

export const TIMELINE_KINDS = [
  "TaskCreated",
  "SubtaskCreated",
  "TaskClaimed",
  "ResultSubmitted",
  "TaskAccepted",
  "TaskDisputed",
  "TaskRejected",
  "TaskExpired",
  "TaskCancelled",
  "TaskVoided",
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One escrow event of a task, as the data module reads it. */
export type TaskEvent = {
  kind: TimelineKind;
  args: Record<string, unknown>;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hex;
};

export type TimelineEntry = {
  kind: TimelineKind | "pending";
  /** What happened, in words. */
  title: string;
  /** Details (who, how much). */
  detail?: string;
  /** Unix seconds; undefined for a step still to come. */
  time?: number;
  blockNumber?: bigint;
  transactionHash?: Hex;
  actor?: Address;
  /** Amounts as raw integers, formatted by the page with the task's token. */
  amount?: bigint;
};

/**
 * The task's story from its events, oldest first, then the steps still to come given its state
 * (shown as pending). Pure: the page's tests build it from fixture events.
 */
export function buildTimeline(
  taskEvents: readonly TaskEvent[],
  times: ReadonlyMap<bigint, number>,
  state: TaskStateName,
): TimelineEntry[] {
  const sorted = [...taskEvents].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
  const entries: TimelineEntry[] = [];
  for (const e of sorted) {
    const base = {
      kind: e.kind,
      time: times.get(e.blockNumber),
      blockNumber: e.blockNumber,
      transactionHash: e.transactionHash,
    };
    const a = e.args as Record<string, never>;
    switch (e.kind) {
      case "TaskCreated":
        entries.push({
          ...base,
          title: "Created",
          actor: a.requester,
          amount: a.bounty,
          detail: "Bounty locked in escrow",
        });
        break;
      case "SubtaskCreated":
        entries.push({
          ...base,
          title: `Funded as a subtask of task #${String(a.parentId)}`,
          actor: a.delegator,
          detail: `Delegation depth ${a.depth}`,
        });
        break;
      case "TaskClaimed":
        entries.push({ ...base, title: "Claimed", actor: a.agent, amount: a.stake, detail: "Agent's stake locked" });
        break;
      case "ResultSubmitted":
        entries.push({
          ...base,
          title: "Result submitted",
          actor: a.agent,
          detail: `Result digest ${String(a.resultHash).slice(0, 10)}…`,
        });
        break;
      case "TaskAccepted":
        entries.push({
          ...base,
          title: a.byTimeout ? "Finalised after the review window" : "Accepted by the requester",
          actor: a.agent,
          amount: a.payment,
          detail: "Paid to the agent",
        });
        break;
      case "TaskDisputed":
        entries.push({
          ...base,
          title: "Disputed",
          actor: a.requester,
          amount: a.bond,
          detail: `Jury case #${String(a.caseId)}, bond posted`,
        });
        break;
      case "TaskRejected":
        entries.push({
          ...base,
          title: "Rejected by the jury",
          actor: a.agent,
          amount: a.refund,
          detail: "Refunded to the requester; the agent's stake was slashed",
        });
        break;
      case "TaskExpired":
        entries.push({
          ...base,
          title: "Expired",
          amount: a.refund,
          detail: "Deadline passed without a result: bounty refunded",
        });
        break;
      case "TaskCancelled":
        entries.push({ ...base, title: "Cancelled by the requester", amount: a.refund, detail: "Bounty refunded" });
        break;
      case "TaskVoided":
        entries.push({
          ...base,
          title: "Voided",
          amount: a.refund,
          detail: "The jury did not rule in time: bounty, stake and bond returned",
        });
        break;
    }
  }
  const pending = (title: string, detail?: string) => entries.push({ kind: "pending", title, detail });
  if (state === "Open") {
    pending("Claim", "An agent with the required karma claims it");
    pending("Result", "The agent submits a result before the deadline");
    pending("Review", "The requester accepts or disputes");
  } else if (state === "Claimed") {
    pending("Result", "The agent submits a result before the deadline");
    pending("Review", "The requester accepts or disputes");
  } else if (state === "Submitted") {
    pending("Review", "Accept or dispute within the review window; after it anyone can finalise");
  } else if (state === "Disputed") {
    pending("Ruling", "The jury rules for the agent or the requester");
  }
  return entries;
}

export type EscrowParameters = {
  minStakeBps: number;
  maxStakeBps: number;
  minReviewWindow: number;
  maxReviewWindow: number;
  maxTaskDuration: number;
  disputeTimeout: number;
  maxDelegationDepth: number;
};

export type TaskDispute = { bond: bigint; openedAt: number; caseId: bigint };

export type ChainLink = Pick<TaskSummary, "id" | "state" | "bounty" | "requester" | "agent" | "depth">;

export type TaskDetail = TaskSummary & {
  timeline: TimelineEntry[];
  /** The digest of the submitted result, if any (from ResultSubmitted). */
  resultHash?: Hex;
  /** What the agent was paid, when accepted. */
  payment?: bigint;
  dispute?: TaskDispute;
  /** The bond a dispute must post now (the claim's stake). */
  disputeBond: bigint;
  parameters: EscrowParameters;
  /** Ancestors, root first. */
  parents: ChainLink[];
  subtasks: ChainLink[];
};

export class TaskNotFoundError extends Error {
  override name = "TaskNotFoundError";
  constructor(id: bigint) {
    super(`There is no task #${id} on this chain. Check the id, or go back to the task list.`);
  }
}

function link(id: bigint, view: TaskView): ChainLink {
  return {
    id,
    state: TASK_STATES[view.state] ?? "None",
    bounty: view.bounty,
    requester: view.requester,
    agent: view.agent !== zeroAddress ? view.agent : undefined,
    depth: Number(view.depth),
  };
}

/** The escrow's current parameters (review window bounds, longest task, stake bounds). */
export async function getEscrowParameters(): Promise<EscrowParameters> {
  const [p] = await multiread<[EscrowParameters]>([call("TaskEscrow", "parameters")]);
  return normaliseParameters(p);
}

function normaliseParameters(p: EscrowParameters): EscrowParameters {
  return {
    minStakeBps: Number(p.minStakeBps),
    maxStakeBps: Number(p.maxStakeBps),
    minReviewWindow: Number(p.minReviewWindow),
    maxReviewWindow: Number(p.maxReviewWindow),
    maxTaskDuration: Number(p.maxTaskDuration),
    disputeTimeout: Number(p.disputeTimeout),
    maxDelegationDepth: Number(p.maxDelegationDepth),
  };
}

/** One task with its timeline, dispute, parameters and delegation chain. */
export async function getTaskDetail(id: bigint): Promise<TaskDetail> {
  const kinds = TIMELINE_KINDS.filter((k) => k !== "SubtaskCreated");
  const [perKind, asSubtask, children, reads] = await Promise.all([
    Promise.all(kinds.map((kind) => events("TaskEscrow", kind, { taskId: id }))),
    events("TaskEscrow", "SubtaskCreated", { subtaskId: id }),
    events("TaskEscrow", "SubtaskCreated", { parentId: id }),
    multiread<[TaskView, TaskDispute, EscrowParameters, bigint]>([
      call("TaskEscrow", "getTask", [id]),
      call("TaskEscrow", "disputeOf", [id]),
      call("TaskEscrow", "parameters"),
      call("TaskEscrow", "stakeOf", [id]),
    ]).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
  ]);
  const createdLog = (perKind[0] as unknown as CreatedLog[])[0];
  if (!createdLog) throw new TaskNotFoundError(id);
  if (reads instanceof Error) throw reads;
  const [view, dispute, parameters, stake] = reads;

  const taskEvents: TaskEvent[] = [];
  kinds.forEach((kind, i) => {
    for (const log of perKind[i] as unknown as TaskEvent[]) taskEvents.push({ ...log, kind });
  });
  for (const log of asSubtask as unknown as TaskEvent[]) taskEvents.push({ ...log, kind: "SubtaskCreated" });

  // Parents up the chain (at most the escrow's depth limit), then the subtasks in one multicall.
  const parents: ChainLink[] = [];
  let parentId = view.parentId;
  for (let guard = 0; parentId !== 0n && guard < 8; guard++) {
    const [parent] = await multiread<[TaskView]>([call("TaskEscrow", "getTask", [parentId])]);
    parents.unshift(link(parentId, parent));
    parentId = parent.parentId;
  }
  const childIds = (children as unknown as { args: { subtaskId: bigint } }[]).map((l) => l.args.subtaskId);
  const childViews = await multiread<TaskView[]>(childIds.map((c) => call("TaskEscrow", "getTask", [c])));

  const times = await blockTimes(taskEvents.map((e) => e.blockNumber));
  const tokens = await readTokens([createdLog.args.token]);
  const token = tokens.get(createdLog.args.token.toLowerCase()) ?? NATIVE_TOKEN;
  const createdAt = Number(view.createdAt) || times.get(createdLog.blockNumber) || 0;
  const summary = taskFromParts(createdLog.args, view, token, createdAt, createdLog.blockNumber);
  const submitted = taskEvents.filter((e) => e.kind === "ResultSubmitted").at(-1);
  const accepted = taskEvents.find((e) => e.kind === "TaskAccepted");
  return {
    ...summary,
    timeline: buildTimeline(taskEvents, times, summary.state),
    resultHash: submitted ? (submitted.args.resultHash as Hex) : undefined,
    payment: accepted ? (accepted.args.payment as bigint) : undefined,
    dispute: dispute.openedAt
      ? { bond: dispute.bond, openedAt: Number(dispute.openedAt), caseId: BigInt(dispute.caseId) }
      : undefined,
    disputeBond: stake,
    parameters: normaliseParameters(parameters),
    parents,
    subtasks: childIds.map((c, i) => link(c, childViews[i] as TaskView)),
  };
}

// ---------------------------------------------------------------- creating

export type TokenStatus = { token: TokenInfo; balance: bigint; allowance: bigint };

/** The DemoToken of this chain, the one ERC-20 the create form offers. */
export function demoToken(): Address {
  return contract("DemoToken").address;
}

/** An account's balance of a bounty asset and what the escrow may pull of it. */
export async function getTokenStatus(token: Address, owner: Address): Promise<TokenStatus> {
  if (token === NATIVE_ASSET) {
    const balance = await publicClient().getBalance({ address: owner });
    return { token: NATIVE_TOKEN, balance, allowance: balance };
  }
  const escrow = contract("TaskEscrow").address;
  const [balance, allowance] = await multiread<[bigint, bigint]>([
    { address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] },
    { address: token, abi: erc20Abi, functionName: "allowance", args: [owner, escrow] },
  ]);
  const info = (await readTokens([token])).get(token.toLowerCase()) ?? NATIVE_TOKEN;
  return { token: info, balance, allowance };
}

/** The new task's id from a createTask receipt (its TaskCreated log). */
export function taskIdFromReceipt(receipt: Pick<TransactionReceipt, "logs">): bigint | undefined {
  const escrow = contract("TaskEscrow");
  const [created] = parseEventLogs({
    abi: escrow.abi,
    eventName: "TaskCreated",
    logs: receipt.logs.filter((l) => l.address.toLowerCase() === escrow.address.toLowerCase()),
  });
  return created?.args.taskId;
}

/** The karma dimensions a task can name (its domain, its requirements). */
export const listTaskDimensions = listDimensions;
