import { taskEscrowAbi } from "../generated/abis.ts";
import type { AosReadContext, KarmaRequirement } from "../types.ts";

export type TaskSpec = {
  taskId: bigint;
  requester: `0x${string}`;
  token: `0x${string}`;
  bounty: bigint;
  inputHash: `0x${string}`;
  taskType: number;
  domain: number;
  deadline: number;
  reviewWindow: number;
  stakeBps: number;
  maxDelegationDepth: number;
  requirements: KarmaRequirement[];
  skills: number[];
  createdAtBlock: bigint;
};

/** Raised when no TaskCreated event exists for an id. */
export class AosTaskNotFoundError extends Error {
  override name = "AosTaskNotFoundError";
  readonly taskId: bigint;
  constructor(taskId: bigint) {
    super(`Task ${taskId} has no TaskCreated event on this chain; check the id and the network.`);
    this.taskId = taskId;
  }
}

/**
 * The task's full specification from its TaskCreated event. The escrow stores only a commitment
 * to the requirements; claiming needs them opened, so claimants read them here.
 */
export async function getTaskSpec(context: AosReadContext, taskId: bigint): Promise<TaskSpec> {
  const logs = await context.publicClient.getContractEvents({
    address: context.addresses.taskEscrow,
    abi: taskEscrowAbi,
    eventName: "TaskCreated",
    args: { taskId },
    fromBlock: context.fromBlock ?? 0n,
    toBlock: "latest",
  });
  const log = logs[0];
  if (!log) throw new AosTaskNotFoundError(taskId);
  return taskSpecFromCreatedLog(log.args as TaskCreatedArgs, log.blockNumber);
}

/** The arguments of a TaskCreated event, as a log decoder gives them. */
export type TaskCreatedArgs = {
  taskId: bigint;
  requester: `0x${string}`;
  token: `0x${string}`;
  bounty: bigint;
  inputHash: `0x${string}`;
  taskType: number | bigint;
  domain: number | bigint;
  deadline: number | bigint;
  reviewWindow: number | bigint;
  stakeBps: number | bigint;
  maxDelegationDepth: number | bigint;
  requirements?: readonly { dimension: number | bigint; minimum: bigint }[];
  skills?: readonly (number | bigint)[];
};

/** The spec a TaskCreated event carries (for readers that already hold the log, such as watchers). */
export function taskSpecFromCreatedLog(a: TaskCreatedArgs, blockNumber: bigint): TaskSpec {
  return {
    taskId: a.taskId,
    requester: a.requester,
    token: a.token,
    bounty: a.bounty,
    inputHash: a.inputHash,
    taskType: Number(a.taskType),
    domain: Number(a.domain),
    deadline: Number(a.deadline),
    reviewWindow: Number(a.reviewWindow),
    stakeBps: Number(a.stakeBps),
    maxDelegationDepth: Number(a.maxDelegationDepth),
    requirements: (a.requirements ?? []).map((r) => ({ dimension: Number(r.dimension), minimum: r.minimum })),
    skills: (a.skills ?? []).map(Number),
    createdAtBlock: blockNumber,
  };
}
