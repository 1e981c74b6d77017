/**
 * Sandboxed processor of simulation jobs (BullMQ runs this file in a worker thread, so a long
 * run never blocks the process's event loop or its job locks). Progress goes through the job;
 * a checkpoint goes to Redis every few seconds, so when a worker dies mid-run the job, picked up
 * again by any worker of the fleet, resumes from it and ends with the same output, bit for bit.
 */
import type { DcosCheckpoint } from "@aos/sim";
import type { SandboxedJob } from "bullmq";
import { Redis } from "ioredis";
import { storeResult } from "../agent/resultNode.ts";
import { StatusBoard } from "../agent/statusBoard.ts";
import { loadTaskInput } from "../agent/taskInput.ts";
import { readWorkSettings } from "../agent/workSettings.ts";
import type { WorkJob, WorkResult } from "../queues.ts";
import { ContentStore } from "../results/contentStore.ts";
import { runSimulation } from "./runSimulation.ts";
import { parseSimInput, simOutputNode } from "./simTask.ts";

const settings = readWorkSettings();
const store = new ContentStore(settings.storeDir);
let redis: Redis | undefined;

const PROGRESS_EVERY_MS = 250;

export default async function simProcessor(job: SandboxedJob<WorkJob, WorkResult>): Promise<WorkResult> {
  if (!redis) {
    redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 3 });
    // Outages are the job's to survive (it fails and retries); the event would only be noise.
    redis.on("error", () => undefined);
  }
  const board = new StatusBoard(redis, settings.namespace);
  const checkpointKey = `${settings.namespace}:checkpoint:${job.data.taskId}`;
  const { cid, value } = await loadTaskInput(
    { store, config: { store: { gateways: [...settings.gateways] } } },
    job.data.inputCid as `0x${string}`,
  );
  const { params } = parseSimInput(value, { maxNodes: settings.maxSimNodes });
  const saved = await redis.get(checkpointKey).catch(() => null);
  const resumeFrom = saved ? (JSON.parse(saved) as DcosCheckpoint) : undefined;
  let lastReported = -1;
  let lastReportedAt = Date.now();
  await board.set(job.data.taskId, {
    stage: "working",
    detail: resumeFrom ? "simulating (resumed from a checkpoint)" : "simulating",
    progress: 0,
  });
  const summary = await runSimulation(params, {
    resumeFrom,
    checkpointEveryMs: settings.checkpointEveryMs,
    // Progress goes to Redis at most every quarter second: a short simulation's fifty slices
    // would otherwise cost fifty round trips, and nobody watches faster than that.
    onProgress: async (fraction) => {
      const pct = Math.floor(fraction * 100);
      const now = Date.now();
      if (pct !== lastReported && (pct === 100 || now - lastReportedAt >= PROGRESS_EVERY_MS)) {
        lastReported = pct;
        lastReportedAt = now;
        await job.updateProgress(pct);
        await board.set(job.data.taskId, { stage: "working", detail: "simulating", progress: pct });
      }
    },
    saveCheckpoint: async (checkpoint) => {
      await redis?.set(checkpointKey, JSON.stringify(checkpoint), "EX", 7 * 24 * 3600);
    },
  });
  const result = await storeResult(store, job.data, simOutputNode(cid, summary));
  await board.set(job.data.taskId, {
    stage: "submitting",
    detail: `result ${result.resultCid}`,
    progress: 100,
    resultCid: result.resultCid,
  });
  await redis.del(checkpointKey).catch(() => undefined);
  return result;
}
