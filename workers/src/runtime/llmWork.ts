/**
 * LLM work jobs: the task's input (fetched by CID, validated), a coordinator plan routed across
 * the services this worker can reach (cloud ones with their API key, local ones whose server
 * answers), budget charged to the task in Redis, and an output node that carries the answer, its
 * confidence, and every routing decision. Settled outcomes teach the router (001, 4.4).
 */
import type { Job } from "bullmq";
import { UnrecoverableError } from "bullmq";
import { usableLlmServices } from "../agent/consider.ts";
import type { AgentContext } from "../agent/context.ts";
import type { OutcomeLearner } from "../agent/outcome.ts";
import { storeResult } from "../agent/resultNode.ts";
import { loadTaskInput } from "../agent/taskInput.ts";
import { createCompleter } from "../llm/complete.ts";
import { BudgetExceededError } from "../llm/errors.ts";
import {
  type LlmTaskInput,
  MalformedTaskInputError,
  OversizedTaskInputError,
  parseLlmTaskInput,
} from "../llm/llmTask.ts";
import { runPlan } from "../llm/plan.ts";
import { QualityBook } from "../llm/quality.ts";
import { NoEligibleServiceError, NoLocalModelError, Router } from "../llm/router.ts";
import type { WorkJob, WorkResult } from "../queues.ts";
import { decodeNode } from "../results/cid.ts";
import { parseResultNode } from "../results/resultNode.ts";
import { toIpld } from "../sim/simTask.ts";

export const LLM_OUTPUT_SCHEMA = "aos/llm-output/1";

export function createLlmProcessor(ctx: AgentContext): {
  process: (job: Job<WorkJob, WorkResult>) => Promise<WorkResult>;
  learner: OutcomeLearner;
} {
  const quality = new QualityBook({ redis: ctx.redis, keyPrefix: `${ctx.namespace}:llm-quality` });
  const completer = createCompleter({
    redis: ctx.redis,
    prefix: ctx.namespace,
    defaultTimeoutMs: ctx.config.llm.timeoutMs,
  });

  async function process(job: Job<WorkJob, WorkResult>): Promise<WorkResult> {
    const { cid, value } = await loadTaskInput(ctx, job.data.inputCid as `0x${string}`);
    let input: LlmTaskInput;
    try {
      input = parseLlmTaskInput(value);
    } catch (e) {
      if (e instanceof MalformedTaskInputError || e instanceof OversizedTaskInputError)
        throw new UnrecoverableError(`${e.name}: ${e.message}`);
      throw e;
    }
    const services = await usableLlmServices(ctx);
    if (services.length === 0) throw new Error("no LLM provider reachable right now; retrying");
    await quality.refresh();
    const router = new Router({ services, quality, qualityThreshold: ctx.config.llm.qualityThreshold });
    await ctx.status.set(job.data.taskId, { stage: "working", detail: `planning (${input.kind})` });
    let plan: Awaited<ReturnType<typeof runPlan>>;
    try {
      plan = await runPlan(input, {
        router,
        completer,
        quality,
        services,
        budgetKey: `${ctx.namespace}:budget:${job.data.taskId}`,
        timeoutMs: ctx.config.llm.timeoutMs,
        onStep: (step) => {
          void ctx.status.set(job.data.taskId, {
            stage: "working",
            detail: `step ${step.id} answered by ${step.decision.serviceId}`,
          });
        },
      });
    } catch (e) {
      if (e instanceof BudgetExceededError || e instanceof NoLocalModelError || e instanceof NoEligibleServiceError)
        throw new UnrecoverableError(`${e.name}: ${e.message}`);
      throw e;
    }
    const output = toIpld({
      schema: LLM_OUTPUT_SCHEMA,
      input: cid,
      kind: input.kind,
      domain: input.domain,
      answer: plan.answer,
      confidence: plan.confidence,
      flaggedForReview: plan.flaggedForReview,
      steps: plan.steps,
    });
    const inputTokens = 0;
    const result = await storeResult(ctx.store, job.data, output, {
      routing: toIpld(
        plan.steps.map((s) => ({
          step: s.id,
          kind: s.kind,
          ...s.decision,
          answeredBy: s.answers.map((a) => a.serviceId),
        })),
      ) as unknown[],
      models: plan.models,
      cost: { usd: plan.costUsd, inputTokens, outputTokens: 0 },
    });
    await ctx.status.set(job.data.taskId, {
      stage: "submitting",
      detail: `result ${result.resultCid}`,
      resultCid: result.resultCid,
    });
    return result;
  }

  const learner: OutcomeLearner = {
    async learn(resultCid, outcome) {
      const { CID } = await import("multiformats/cid");
      const node = parseResultNode(decodeNode(await ctx.store.get(CID.parse(resultCid))));
      const input = decodeNode(await ctx.store.get(node.input)) as { domain?: string };
      const domain = typeof input.domain === "string" ? input.domain : "general";
      const services = new Set<string>();
      for (const r of node.routing as { answeredBy?: string[] }[]) for (const s of r.answeredBy ?? []) services.add(s);
      for (const s of services) await quality.record(s, domain, outcome);
    },
  };
  return { process, learner };
}
