/**
 * What happened to a task we worked on, once it settled: the status view, the earnings (counted
 * once per task), the metrics, and the router's learning: every LLM service that contributed to
 * a result is credited with the outcome in the task's domain (001, 4.4: contributions tracked for
 * karma updates).
 */
import { NATIVE_ASSET } from "@aos/sdk";
import type { Job } from "bullmq";
import { formatEther } from "viem";
import type { OutcomeJob } from "../queues.ts";
import { holdingKey } from "./consider.ts";
import type { AgentContext } from "./context.ts";
import { readTaskSpec } from "./taskSpecs.ts";

export interface OutcomeLearner {
  /** Credits the services named in a result node with an outcome (1 paid, 0 rejected). */
  learn(resultCid: string, outcome: number): Promise<void>;
}

export async function recordOutcome(
  ctx: AgentContext,
  job: Job<OutcomeJob>,
  learner?: OutcomeLearner,
): Promise<string> {
  const { taskId, outcome, amount, token } = job.data;
  await ctx.redis.srem(holdingKey(ctx), taskId);
  const previous = await ctx.status.get(taskId);
  // A task settled that this worker never looked at (claimed by hand, or before it ran): its
  // type and bounty come from its spec, so the status view can show them.
  const spec = previous ? undefined : await readTaskSpec(ctx, BigInt(taskId)).catch(() => undefined);
  const base = spec ? { taskType: spec.taskType, bounty: String(spec.bounty), token: spec.token } : {};
  if (outcome === "paid") {
    const fresh = await ctx.status.addEarnings(taskId, token, BigInt(amount));
    const unit = token === NATIVE_ASSET ? "ETH" : `of token ${token}`;
    await ctx.status.set(taskId, { ...base, stage: "paid", detail: `paid ${formatEther(BigInt(amount))} ${unit}` });
    if (fresh) ctx.count("paid");
  } else {
    await ctx.status.set(taskId, {
      ...base,
      stage: outcome,
      detail: outcome === "rejected" ? "the jury ruled against the result" : "deadline passed without a result",
    });
    ctx.count(outcome);
  }
  if (learner && previous?.resultCid && previous.taskType === 1)
    await learner.learn(previous.resultCid, outcome === "paid" ? 1 : 0).catch((e: unknown) => {
      ctx.log.warn({ taskId, error: (e as Error).message }, "could not learn from the outcome");
    });
  return outcome;
}
