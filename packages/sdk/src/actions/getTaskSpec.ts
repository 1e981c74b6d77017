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
  const a = log.args;
  return {
    taskId,
    requester: a.requester as `0x${string}`,
    token: a.token as `0x${string}`,
    bounty: a.bounty as bigint,
    inputHash: a.inputHash as `0x${string}`,
    taskType: Number(a.taskType),
    domain: Number(a.domain),
    deadline: Number(a.deadline),
    reviewWindow: Number(a.reviewWindow),
    stakeBps: Number(a.stakeBps),
    maxDelegationDepth: Number(a.maxDelegationDepth),
    requirements: (a.requirements ?? []).map((r) => ({ dimension: Number(r.dimension), minimum: r.minimum })),
    skills: (a.skills ?? []).map(Number),
    createdAtBlock: log.blockNumber,
  };
}
