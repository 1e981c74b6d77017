/**
 * The chain is the source of truth; Redis is only a work list. Every pass finds the tasks this
 * agent holds on-chain (claimed, not submitted) and makes sure each has its work flow: a flow lost
 * with a Redis restart is added again, one that failed is removed and added again while the
 * deadline allows, and the set of held tasks is rebuilt. This is what guarantees that no claimed
 * task is forgotten and no stake stays locked because a job vanished.
 */
import { getTask, taskEscrowAbi } from "@aos/sdk";
import { jobId } from "../queues.ts";
import { holdingKey } from "./consider.ts";
import type { AgentContext } from "./context.ts";
import { addWorkFlow } from "./txJobs.ts";

export async function reconcile(ctx: AgentContext, fromBlock: bigint): Promise<{ held: number; restarted: number }> {
  const claims = await ctx.publicClient.getContractEvents({
    address: ctx.addresses.taskEscrow,
    abi: taskEscrowAbi,
    eventName: "TaskClaimed",
    args: { agent: ctx.account.address },
    fromBlock,
    toBlock: "latest",
  });
  const held: string[] = [];
  let restarted = 0;
  const now = Number((await ctx.publicClient.getBlock()).timestamp);
  for (const claim of claims) {
    const taskId = claim.args.taskId as bigint;
    const task = await getTask({ publicClient: ctx.publicClient, addresses: ctx.addresses }, taskId);
    if (task.state !== "Claimed" || task.agent.toLowerCase() !== ctx.account.address.toLowerCase()) continue;
    held.push(String(taskId));
    if (task.deadline <= now) continue;
    const submit = await ctx.queues.tx.getJob(jobId.submit(taskId));
    const state = submit ? await submit.getState() : "missing";
    if (state === "failed" || state === "completed" || state === "unknown") {
      await submit?.remove({ removeChildren: true }).catch(() => undefined);
      const work = await (ctx.queues.sim.getJob(jobId.work(taskId)) ?? undefined);
      await work?.remove().catch(() => undefined);
      const llmWork = await ctx.queues.llm.getJob(jobId.work(taskId));
      await llmWork?.remove().catch(() => undefined);
    }
    if (
      state !== "waiting-children" &&
      state !== "active" &&
      state !== "waiting" &&
      state !== "delayed" &&
      state !== "prioritized"
    ) {
      await addWorkFlow(ctx, taskId);
      restarted++;
      ctx.log.info({ taskId: String(taskId), was: state }, "reconcile: work flow added for a held task");
    }
  }
  const key = holdingKey(ctx);
  const claiming = await ctx.redis.smembers(key);
  const multi = ctx.redis.multi().del(key);
  for (const id of new Set([...held, ...claiming.filter((id) => !held.includes(id))])) multi.sadd(key, id);
  await multi.exec();
  return { held: held.length, restarted };
}
