import { taskEscrowAbi } from "../generated/abis.ts";
import { type AosReadContext, TASK_STATES, type TaskStateName } from "../types.ts";

export type TaskView = {
  taskId: bigint;
  state: TaskStateName;
  requester: `0x${string}`;
  /** The zero address until the task is claimed. */
  agent: `0x${string}`;
  token: `0x${string}`;
  bounty: bigint;
  stake: bigint;
  domain: number;
  createdAt: number;
  /** Zero once a result is submitted (the deadline stays in the TaskCreated event). */
  deadline: number;
  submittedAt: number;
  reviewEndsAt: number;
  reviewWindow: number;
  /** Set at submission: the share of the task's time left, 1e18 = instant. */
  responseScore: bigint;
  parentId: bigint;
  stakeBps: number;
  depth: number;
  maxDepth: number;
  /** Open tasks only: what a claimant must open (see requirementsCommitment). */
  requirementsCommitment: `0x${string}`;
};

/** The task as the escrow decodes it, with its state by name. */
export async function getTask(context: AosReadContext, taskId: bigint): Promise<TaskView> {
  const t = await context.publicClient.readContract({
    address: context.addresses.taskEscrow,
    abi: taskEscrowAbi,
    functionName: "getTask",
    args: [taskId],
  });
  return {
    taskId,
    state: TASK_STATES[t.state] ?? "None",
    requester: t.requester,
    agent: t.agent,
    token: t.token,
    bounty: t.bounty,
    stake: t.stake,
    domain: t.domain,
    createdAt: t.createdAt,
    deadline: t.deadline,
    submittedAt: t.submittedAt,
    reviewEndsAt: t.reviewEndsAt,
    reviewWindow: t.reviewWindow,
    responseScore: t.responseScore,
    parentId: t.parentId,
    stakeBps: t.stakeBps,
    depth: t.depth,
    maxDepth: t.maxDepth,
    requirementsCommitment: t.requirementsCommitment,
  };
}
