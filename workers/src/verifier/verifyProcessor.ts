/**
 * Sandboxed processor of verification jobs: re-executes a submitted simulation in a worker
 * thread and queues the requester's answer (accept on a match, dispute on a mismatch) itself, so
 * a crash between the verdict and the answer only repeats the verification (same job ids).
 */
import type { SandboxedJob } from "bullmq";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { readWorkSettings } from "../agent/workSettings.ts";
import { DEFAULT_JOB_OPTIONS, jobId, QUEUES, type VerifyJob } from "../queues.ts";
import { ContentStore } from "../results/contentStore.ts";
import { verifySimResult } from "./verifyResult.ts";

const settings = readWorkSettings();
const store = new ContentStore(settings.storeDir);
let tx: Queue | undefined;

export default async function verifyProcessor(
  job: SandboxedJob<VerifyJob & { inputDigest: `0x${string}`; acceptVerified: boolean }>,
) {
  if (!tx) {
    const connection = new Redis(settings.redisUrl, { maxRetriesPerRequest: null });
    // Outages are the job's to survive (it fails and retries); the event would only be noise.
    connection.on("error", () => undefined);
    tx = new Queue(QUEUES.tx, { connection, prefix: settings.namespace });
    tx.on("error", () => undefined);
  }
  const verdict = await verifySimResult({
    store,
    gateways: settings.gateways,
    inputDigest: job.data.inputDigest,
    resultDigest: job.data.resultDigest,
    taskId: job.data.taskId,
    maxNodes: settings.maxSimNodes,
  });
  if (verdict.match) {
    if (job.data.acceptVerified)
      await tx.add(
        "accept",
        { taskId: job.data.taskId },
        { ...DEFAULT_JOB_OPTIONS, jobId: jobId.accept(job.data.taskId) },
      );
  } else {
    await tx.add(
      "dispute",
      { taskId: job.data.taskId, reason: verdict.reason },
      { ...DEFAULT_JOB_OPTIONS, jobId: jobId.dispute(job.data.taskId) },
    );
  }
  return verdict;
}
