import { taskEscrowAbi } from "../generated/abis.ts";
import { type AosReadContext, TASK_STATES, type TaskStateName } from "../types.ts";

export type TaskView = {
  taskId: bigint;
  state: TaskStateName;
  requester: `0x${string}`;
  agent: `0x${string}`;
  token: `0x${string}`;
  bounty: bigint;
  stake: bigint;
  domain: number;
  deadline: number;
  reviewWindow: number;
  claimedAt: number;
  submittedAt: number;
  parentId: bigint;
  depth: number;
  maxDepth: number;
  /** First 160 bits of the result digest (zero before submission); the full digest is in ResultSubmitted. */
  resultCommitment: `0x${string}`;
};

/** The task's stored state (with Claimed/Submitted derived), its stake and its result digest. */
export async function getTask(context: AosReadContext, taskId: bigint): Promise<TaskView> {
  const { publicClient, addresses } = context;
  const [task, stake, resultCommitment] = await Promise.all([
    publicClient.readContract({
      address: addresses.taskEscrow,
      abi: taskEscrowAbi,
      functionName: "getTask",
      args: [taskId],
    }),
    publicClient.readContract({
      address: addresses.taskEscrow,
      abi: taskEscrowAbi,
      functionName: "stakeOf",
      args: [taskId],
    }),
    publicClient.readContract({
      address: addresses.taskEscrow,
      abi: taskEscrowAbi,
      functionName: "resultOf",
      args: [taskId],
    }),
  ]);
  return {
    taskId,
    state: TASK_STATES[task.state] ?? "None",
    requester: task.requester,
    agent: task.agent,
    token: task.token,
    bounty: task.bounty,
    stake,
    domain: task.domain,
    deadline: task.deadline,
    reviewWindow: task.reviewWindow,
    claimedAt: task.claimedAt,
    submittedAt: task.submittedAt,
    parentId: task.parentId,
    depth: task.depth,
    maxDepth: task.maxDepth,
    resultCommitment,
  };
}
