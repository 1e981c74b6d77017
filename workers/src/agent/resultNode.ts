/** Stores a task's output and its result node; the result node's CID digest is what goes on-chain. */
import type { CID } from "multiformats/cid";
import type { WorkJob, WorkResult } from "../queues.ts";
import { cidFromDigest } from "../results/cid.ts";
import type { ContentStore } from "../results/contentStore.ts";
import { buildResultNode } from "../results/resultNode.ts";

export interface ResultExtras {
  readonly routing?: readonly unknown[];
  readonly models?: readonly string[];
  readonly cost?: { usd: number; inputTokens: number; outputTokens: number };
  readonly subtasks?: readonly CID[];
}

export async function storeResult(
  store: ContentStore,
  job: WorkJob,
  output: unknown,
  extras: ResultExtras = {},
): Promise<WorkResult> {
  const storedOutput = await store.put(output);
  const node = buildResultNode({
    chainId: job.chainId,
    escrow: job.escrow,
    taskId: job.taskId,
    agent: job.agent,
    taskType: job.taskType,
    input: cidFromDigest(job.inputCid as `0x${string}`),
    output: storedOutput.cid,
    routing: (extras.routing ?? []) as Record<string, unknown>[],
    models: extras.models ?? [],
    cost: extras.cost ?? { usd: 0, inputTokens: 0, outputTokens: 0 },
    subtasks: extras.subtasks ?? [],
    producedAt: Math.floor(Date.now() / 1000),
  });
  const stored = await store.put(node);
  return { resultCid: stored.cid.toString(), digest: stored.digest, outputCid: storedOutput.cid.toString() };
}
