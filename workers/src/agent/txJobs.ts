/**
 * The agent's transactions. Each job reads the task's on-chain state first and sends nothing
 * when the effect is already there (claimed by us, submitted by us) or can no longer happen
 * (claimed by someone else, expired): a retried, replayed or duplicated job never claims or
 * submits twice. After a claim is mined, the work and the submission are added as one BullMQ
 * flow: the submit job runs when the work job has returned the result's CID.
 */
import { getTask, NATIVE_ASSET, stakingVaultAbi, TASK_TYPES, taskEscrowAbi } from "@aos/sdk";
import { type Job, UnrecoverableError } from "bullmq";
import { erc20Abi } from "viem";
import { revertOf } from "../chain/contractError.ts";
import {
  DEFAULT_JOB_OPTIONS,
  jobId,
  QUEUES,
  type SubmitTxJob,
  type TopUpTxJob,
  type WorkJob,
  type WorkResult,
} from "../queues.ts";
import { holdingKey } from "./consider.ts";
import type { AgentContext } from "./context.ts";
import { readTaskSpec } from "./taskSpecs.ts";

export class NoSenderError extends Error {
  override name = "NoSenderError";
}

function senderOf(ctx: AgentContext) {
  if (!ctx.sender) throw new NoSenderError("this process does not hold the key's sender lease");
  return ctx.sender;
}

const isOurs = (ctx: AgentContext, who: string) => who.toLowerCase() === ctx.account.address.toLowerCase();

/** Work jobs retry longer than transactions: a provider outage should not cost the stake. */
const WORK_JOB_OPTIONS = { ...DEFAULT_JOB_OPTIONS, attempts: 20, backoff: { type: "exponential", delay: 1000 } };

/**
 * Queues the work of a task we hold, and its submission once the work is done. A claim seen in
 * the chain's history (a replay, a restart) whose task has moved on is left alone: no work is
 * done, and no money spent, for a task that can no longer be submitted.
 */
export async function addWorkFlow(ctx: AgentContext, taskId: bigint): Promise<void> {
  const task = await getTask({ publicClient: ctx.publicClient, addresses: ctx.addresses }, taskId);
  if (task.state !== "Claimed" || !isOurs(ctx, task.agent)) return;
  const spec = await readTaskSpec(ctx, taskId);
  const work: WorkJob = {
    taskId: String(taskId),
    taskType: spec.taskType,
    inputCid: spec.inputHash,
    chainId: ctx.chainId,
    escrow: ctx.addresses.taskEscrow,
    agent: ctx.account.address,
    deadline: spec.deadline,
  };
  await ctx.flows.add({
    name: "submit",
    queueName: QUEUES.tx,
    prefix: ctx.namespace,
    data: { taskId: String(taskId) } satisfies SubmitTxJob,
    opts: { ...DEFAULT_JOB_OPTIONS, jobId: jobId.submit(taskId), priority: 2 },
    children: [
      {
        name: spec.taskType === TASK_TYPES.dcosSimulation ? "dcosSimulation" : "llm",
        queueName: spec.taskType === TASK_TYPES.dcosSimulation ? QUEUES.sim : QUEUES.llm,
        prefix: ctx.namespace,
        data: work,
        opts: { ...WORK_JOB_OPTIONS, jobId: jobId.work(taskId), failParentOnFailure: true },
      },
    ],
  });
}

export async function claimTx(ctx: AgentContext, job: Job<{ taskId: string }>): Promise<string> {
  const taskId = BigInt(job.data.taskId);
  const read = { publicClient: ctx.publicClient, addresses: ctx.addresses };
  const task = await getTask(read, taskId);
  if (task.state !== "Open") {
    if (isOurs(ctx, task.agent) && task.state === "Claimed") {
      await addWorkFlow(ctx, taskId);
      return "already claimed by us";
    }
    await ctx.redis.srem(holdingKey(ctx), job.data.taskId);
    await ctx.status.set(job.data.taskId, { stage: "lost", detail: `not open any more (${task.state})` });
    return `not open (${task.state})`;
  }
  const spec = await readTaskSpec(ctx, taskId);
  const stake = await ctx.publicClient.readContract({
    address: ctx.addresses.taskEscrow,
    abi: taskEscrowAbi,
    functionName: "stakeOf",
    args: [taskId],
  });
  const sender = senderOf(ctx);
  if (spec.token !== NATIVE_ASSET && stake > 0n) {
    const allowance = await ctx.publicClient.readContract({
      address: spec.token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [ctx.account.address, ctx.addresses.taskEscrow],
    });
    if (allowance < stake)
      await sender.send(`approve ${taskId}`, {
        address: spec.token,
        abi: erc20Abi,
        functionName: "approve",
        args: [ctx.addresses.taskEscrow, stake],
      });
  }
  try {
    await sender.send(`claim ${taskId}`, {
      address: ctx.addresses.taskEscrow,
      abi: taskEscrowAbi,
      functionName: "claim",
      args: [taskId, spec.requirements.map((r) => ({ dimension: r.dimension, minimum: r.minimum })), spec.skills],
      value: spec.token === NATIVE_ASSET ? stake : 0n,
    });
  } catch (e) {
    const revert = revertOf(e);
    if (revert) {
      // The chain said no (someone claimed first, deadline passed, karma changed): final.
      await ctx.redis.srem(holdingKey(ctx), job.data.taskId);
      await ctx.status.set(job.data.taskId, { stage: "lost", detail: `claim refused: ${revert.name}` });
      throw new UnrecoverableError(`claim ${taskId} refused: ${revert.name}`);
    }
    throw e;
  }
  ctx.count("claimed");
  await ctx.status.set(job.data.taskId, { stage: "claimed", detail: "claimed; work queued" });
  await addWorkFlow(ctx, taskId);
  return "claimed";
}

export async function submitTx(ctx: AgentContext, job: Job<SubmitTxJob>): Promise<string> {
  const taskId = BigInt(job.data.taskId);
  const values = Object.values(await job.getChildrenValues<WorkResult>());
  const result = values[0];
  if (!result) throw new UnrecoverableError(`submit ${taskId}: the work job returned no result`);
  const task = await getTask({ publicClient: ctx.publicClient, addresses: ctx.addresses }, taskId);
  if (task.state !== "Claimed" || !isOurs(ctx, task.agent)) {
    await ctx.redis.srem(holdingKey(ctx), job.data.taskId);
    if (task.state === "Submitted" && isOurs(ctx, task.agent)) return "already submitted";
    await ctx.status.set(job.data.taskId, { stage: "lost", detail: `cannot submit: task is ${task.state}` });
    return `not ours to submit (${task.state})`;
  }
  try {
    await senderOf(ctx).send(`submit ${taskId}`, {
      address: ctx.addresses.taskEscrow,
      abi: taskEscrowAbi,
      functionName: "submitResult",
      args: [taskId, result.digest],
    });
  } catch (e) {
    const revert = revertOf(e);
    if (revert) {
      await ctx.redis.srem(holdingKey(ctx), job.data.taskId);
      await ctx.status.set(job.data.taskId, { stage: "lost", detail: `submission refused: ${revert.name}` });
      throw new UnrecoverableError(`submit ${taskId} refused: ${revert.name}`);
    }
    throw e;
  }
  await ctx.redis.srem(holdingKey(ctx), job.data.taskId);
  ctx.count("submitted");
  await ctx.status.set(job.data.taskId, {
    stage: "submitted",
    detail: "result submitted; awaiting review",
    resultCid: result.resultCid,
  });
  return "submitted";
}

export async function topUpTx(ctx: AgentContext, job: Job<TopUpTxJob>): Promise<string> {
  const target = BigInt(job.data.amountWei);
  const balance = await ctx.publicClient.readContract({
    address: ctx.addresses.stakingVault,
    abi: stakingVaultAbi,
    functionName: "balanceOf",
    args: [ctx.account.address, NATIVE_ASSET],
  });
  const held = balance.free + balance.locked;
  if (held >= target) return "stake sufficient";
  await senderOf(ctx).send("top up stake", {
    address: ctx.addresses.stakingVault,
    abi: stakingVaultAbi,
    functionName: "deposit",
    value: target - held,
  });
  return `deposited ${target - held} wei`;
}
