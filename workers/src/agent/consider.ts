/**
 * Decides whether to claim a task, before any money moves: the type is one this worker runs, the
 * bounty is worth it, the input is fetched, verified against its CID and valid, the work fits
 * before the deadline, the agent has the karma the task requires and a standing stake, and it is
 * not already busy with `profile.concurrency` tasks. A task that fails a check is skipped with a
 * named reason in the status view; nothing is claimed that cannot be finished.
 */
import { getTask, karmaRegistryAbi, NATIVE_ASSET, stakingVaultAbi, TASK_TYPES, type TaskSpec } from "@aos/sdk";
import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { formatEther, parseEther } from "viem";
import { type ClaimTxJob, type ConsiderJob, DEFAULT_JOB_OPTIONS, jobId } from "../queues.ts";
import { estimateSimSeconds, parseSimInput } from "../sim/simTask.ts";
import type { AgentContext } from "./context.ts";
import { loadTaskInput } from "./taskInput.ts";
import { readTaskSpec } from "./taskSpecs.ts";

/** Why a task was not claimed. Thrown as unrecoverable: reconsidering would decide the same. */
export class TaskSkippedError extends UnrecoverableError {
  override name = "TaskSkippedError";
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

export const TYPE_NAMES: Record<number, "dcosSimulation" | "llm" | undefined> = {
  [TASK_TYPES.dcosSimulation]: "dcosSimulation",
  [TASK_TYPES.llm]: "llm",
};

/** Redis set of the tasks this agent is claiming or holds unsubmitted (reconcile.ts rebuilds it from the chain). */
export const holdingKey = (ctx: AgentContext) => `${ctx.namespace}:holding`;

/** Tasks this agent is claiming or holds and has not yet submitted. */
export async function activeClaims(ctx: AgentContext): Promise<number> {
  return ctx.redis.scard(holdingKey(ctx));
}

export async function considerTask(ctx: AgentContext, job: Job<ConsiderJob>, token?: string): Promise<string> {
  const taskId = BigInt(job.data.taskId);
  const read = { publicClient: ctx.publicClient, addresses: ctx.addresses };
  const [task, spec] = await Promise.all([getTask(read, taskId), readTaskSpec(ctx, taskId)]);
  const base = { taskType: spec.taskType, bounty: String(spec.bounty), token: spec.token };
  const skip = async (reason: string): Promise<never> => {
    await ctx.status.set(job.data.taskId, { ...base, stage: "skipped", detail: reason });
    ctx.count("skipped");
    throw new TaskSkippedError(reason);
  };
  if (task.state !== "Open") {
    if (task.agent.toLowerCase() === ctx.account.address.toLowerCase()) return "ours already";
    return `not open (${task.state})`;
  }
  await ctx.status.set(job.data.taskId, { ...base, stage: "seen", detail: "considering" });
  ctx.count("seen");

  const typeName = TYPE_NAMES[spec.taskType];
  if (!typeName || !ctx.config.profile.taskTypes.includes(typeName))
    return skip(
      `task type ${spec.taskType} is not in this worker's profile (${ctx.config.profile.taskTypes.join(", ")})`,
    );
  if (spec.requester.toLowerCase() === ctx.account.address.toLowerCase()) return skip("our own task");
  await checkPayment(ctx, spec, skip);

  const now = Number((await ctx.publicClient.getBlock({ blockTag: "latest" })).timestamp);
  let estimatedSeconds = 30;
  let input: unknown;
  try {
    input = (await loadTaskInput(ctx, spec.inputHash)).value;
  } catch (e) {
    return skip(`input ${spec.inputHash}: ${(e as Error).name}: ${(e as Error).message}`);
  }
  if (typeName === "dcosSimulation") {
    try {
      estimatedSeconds = estimateSimSeconds(parseSimInput(input, { maxNodes: ctx.config.profile.maxSimNodes }).params);
    } catch (e) {
      return skip(`${(e as Error).name}: ${(e as Error).message}`);
    }
  } else {
    const problem = await checkLlmReady(ctx, input);
    if (problem?.wait) {
      await ctx.status.set(job.data.taskId, { ...base, stage: "waiting", detail: problem.wait });
      await job.moveToDelayed(Date.now() + 30_000, token);
      throw new DelayedError();
    }
    if (problem?.skip) return skip(problem.skip);
  }
  const margin = ctx.config.profile.safetyMarginSeconds;
  if (now + estimatedSeconds + margin > spec.deadline)
    return skip(
      `cannot finish in time: about ${Math.ceil(estimatedSeconds)} s of work + ${margin} s margin, ${Math.max(0, spec.deadline - now)} s left`,
    );

  await checkKarma(ctx, spec, skip);
  await ensureStanding(ctx, job, token, base);

  if ((await activeClaims(ctx)) >= ctx.config.profile.concurrency) {
    await ctx.status.set(job.data.taskId, { ...base, stage: "waiting", detail: "busy: at the concurrency limit" });
    await job.moveToDelayed(Date.now() + 1000, token);
    throw new DelayedError();
  }
  ctx.count("eligible");
  await ctx.redis.sadd(holdingKey(ctx), job.data.taskId);
  await ctx.status.set(job.data.taskId, { ...base, stage: "claiming", detail: "eligible: claim queued" });
  await ctx.queues.tx.add("claim", { taskId: job.data.taskId } satisfies ClaimTxJob, {
    ...DEFAULT_JOB_OPTIONS,
    jobId: jobId.claim(taskId),
    priority: 1,
  });
  return "claim queued";
}

async function checkPayment(ctx: AgentContext, spec: TaskSpec, skip: (reason: string) => Promise<never>) {
  const { profile } = ctx.config;
  if (spec.token === NATIVE_ASSET) {
    const min = parseEther(profile.minPaymentEther);
    if (spec.bounty < min)
      await skip(`bounty ${formatEther(spec.bounty)} ETH is below the minimum ${profile.minPaymentEther}`);
    return;
  }
  const entry = Object.entries(profile.tokens).find(([t]) => t.toLowerCase() === spec.token.toLowerCase());
  if (!entry) await skip(`bounty token ${spec.token} is not accepted by this worker (profile.tokens)`);
  else if (spec.bounty < parseEther(entry[1])) await skip(`bounty below the minimum ${entry[1]} for ${spec.token}`);
}

async function checkKarma(ctx: AgentContext, spec: TaskSpec, skip: (reason: string) => Promise<never>) {
  for (const r of spec.requirements) {
    const value = await ctx.publicClient.readContract({
      address: ctx.addresses.karmaRegistry,
      abi: karmaRegistryAbi,
      functionName: "karmaOf",
      args: [ctx.account.address, r.dimension],
    });
    if (value < r.minimum)
      await skip(
        `karma in dimension ${r.dimension} is ${formatEther(value)}, the task needs ${formatEther(r.minimum)}`,
      );
  }
  for (const skill of spec.skills)
    if (!ctx.config.profile.skills.includes(skill))
      await skip(`skill ${skill} is required and not in this worker's profile`);
}

/** A claim needs a standing stake in the vault: top it up first when it is short. */
async function ensureStanding(
  ctx: AgentContext,
  job: Job<ConsiderJob>,
  token: string | undefined,
  base: { taskType: number; bounty: string; token: string },
) {
  try {
    await ctx.publicClient.readContract({
      address: ctx.addresses.stakingVault,
      abi: stakingVaultAbi,
      functionName: "checkStanding",
      args: [ctx.account.address],
    });
    return;
  } catch {
    // below the minimum: top up (or say why not)
  }
  if (!ctx.config.profile.stake.topUp) {
    await ctx.status.set(job.data.taskId, {
      ...base,
      stage: "skipped",
      detail: "standing stake below the vault's minimum and profile.stake.topUp is off",
    });
    throw new TaskSkippedError("standing stake too low");
  }
  await ctx.queues.tx.add(
    "topUp",
    { amountWei: String(parseEther(ctx.config.profile.stake.targetEther)) },
    {
      ...DEFAULT_JOB_OPTIONS,
      jobId: jobId.topUp(),
      removeOnComplete: true,
      priority: 0,
    },
  );
  await ctx.status.set(job.data.taskId, { ...base, stage: "waiting", detail: "topping up the standing stake" });
  await job.moveToDelayed(Date.now() + 2000, token);
  throw new DelayedError();
}

/** Local model servers answer `GET {baseURL}/models` (OpenAI-compatible); probed at most every 30 s. */
const localProbe = new Map<string, { at: number; up: boolean }>();
async function localServerUp(baseURL: string): Promise<boolean> {
  const cached = localProbe.get(baseURL);
  if (cached && Date.now() - cached.at < 30_000) return cached.up;
  const up = await fetch(`${baseURL.replace(/\/$/, "")}/models`, { signal: AbortSignal.timeout(800) }).then(
    (r) => r.status < 500,
    () => false,
  );
  localProbe.set(baseURL, { at: Date.now(), up });
  return up;
}

/** The LLM services usable right now: cloud ones with their API key set, local ones whose server answers. */
export async function usableLlmServices(ctx: AgentContext) {
  const usable = [];
  for (const s of ctx.llmServices) {
    if (
      s.locality === "cloud"
        ? Boolean(s.apiKeyEnv && process.env[s.apiKeyEnv])
        : s.baseURL && (await localServerUp(s.baseURL))
    )
      usable.push(s);
  }
  return usable;
}

async function checkLlmReady(
  ctx: AgentContext,
  _input: unknown,
): Promise<{ wait?: string; skip?: string } | undefined> {
  const usable = await usableLlmServices(ctx);
  if (usable.length === 0)
    return {
      wait: "no LLM provider configured: set ANTHROPIC_API_KEY, OPENAI_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY or XAI_API_KEY, or add a local model under llm.services",
    };
  return undefined;
}
