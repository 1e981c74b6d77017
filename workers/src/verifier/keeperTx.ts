/**
 * The verifier's transactions. Like the agent's, each reads the chain first: nothing is sent
 * when the task has already moved on, so replays and races with other keepers are harmless.
 */
import { getTask, taskEscrowAbi } from "@aos/sdk";
import { type Job, UnrecoverableError } from "bullmq";
import type { AosPublicClient } from "../chain/clients.ts";
import { revertOf } from "../chain/contractError.ts";
import type { TxSender } from "../chain/txSender.ts";
import type { Logger } from "../log.ts";

export interface KeeperContext {
  readonly publicClient: AosPublicClient;
  readonly addresses: {
    taskEscrow: `0x${string}`;
    karmaRegistry: `0x${string}`;
    stakingVault: `0x${string}`;
    jury: `0x${string}`;
  };
  readonly account: `0x${string}`;
  readonly log: Logger;
  sender?: TxSender;
  readonly count: (what: string) => void;
}

const REQUIRED_STATE = {
  accept: "Submitted",
  dispute: "Submitted",
  finalize: "Submitted",
  expire: ["Open", "Claimed"],
} as const;

export async function keeperTx(ctx: KeeperContext, job: Job<{ taskId: string; reason?: string }>): Promise<string> {
  const action = job.name as keyof typeof REQUIRED_STATE;
  if (!(action in REQUIRED_STATE)) throw new UnrecoverableError(`unknown verifier transaction ${job.name}`);
  const taskId = BigInt(job.data.taskId);
  const task = await getTask({ publicClient: ctx.publicClient, addresses: ctx.addresses }, taskId);
  const allowed: readonly string[] = ([] as string[]).concat(REQUIRED_STATE[action]);
  if (!allowed.includes(task.state)) return `nothing to do: task is ${task.state}`;
  const now = Number((await ctx.publicClient.getBlock()).timestamp);
  if (action === "finalize" && now <= task.reviewEndsAt)
    throw new Error(`review window open until ${task.reviewEndsAt}`);
  if (action === "expire" && now <= task.deadline) throw new Error(`deadline ${task.deadline} not reached`);
  if ((action === "accept" || action === "dispute") && now > task.reviewEndsAt)
    return "review window closed: finalize decides";
  if (!ctx.sender) throw new Error("this process does not hold the key's sender lease");
  const value =
    action === "dispute"
      ? await ctx.publicClient.readContract({
          address: ctx.addresses.taskEscrow,
          abi: taskEscrowAbi,
          functionName: "stakeOf",
          args: [taskId],
        })
      : 0n;
  try {
    await ctx.sender.send(`${action} ${taskId}`, {
      address: ctx.addresses.taskEscrow,
      abi: taskEscrowAbi,
      functionName: action,
      args: [taskId],
      value,
    });
  } catch (e) {
    const revert = revertOf(e);
    if (revert) throw new UnrecoverableError(`${action} ${taskId} refused: ${revert.name}`);
    throw e;
  }
  ctx.count(action);
  if (action === "dispute") ctx.log.warn({ taskId: job.data.taskId, reason: job.data.reason }, "result disputed");
  else
    ctx.log.info(
      { taskId: job.data.taskId },
      `task ${action === "accept" ? "accepted" : action === "finalize" ? "finalized" : "expired"}`,
    );
  return action;
}
