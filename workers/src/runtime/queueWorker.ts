/**
 * Every queue of the fleet is consumed through this wrapper: a BullMQ Worker plus what an
 * operator needs around each job (a duration histogram, counters by outcome, structured logs
 * with the error's name) at a cost the worker benchmark keeps in check
 * (`worker_overhead_ratio` in bench/workers.ts).
 */
import { type Job, type Processor, UnrecoverableError, Worker, type WorkerOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../log.ts";

export interface JobObserver {
  /** Called once per finished attempt; `error` is undefined on success. */
  observe(queue: string, seconds: number, outcome: "completed" | "failed" | "retried", error?: string): void;
}

export interface QueueWorkerOptions {
  readonly connection: Redis;
  readonly prefix: string;
  readonly concurrency: number;
  readonly log: Logger;
  readonly observer?: JobObserver;
  readonly extra?: Partial<WorkerOptions>;
}

/** Wraps a processor function (or a sandboxed processor file) with timing, counting and logs. */
export function createQueueWorker<Data, Result>(
  queue: string,
  processor: Processor<Data, Result> | string | URL,
  options: QueueWorkerOptions,
): Worker<Data, Result> {
  const { log, observer } = options;
  const wrapped: Processor<Data, Result> | string | URL =
    typeof processor === "function"
      ? async (job: Job<Data, Result>, token?: string) => {
          const started = performance.now();
          try {
            const result = await processor(job, token);
            observer?.observe(queue, (performance.now() - started) / 1000, "completed");
            return result;
          } catch (e) {
            const final = e instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
            const name = e instanceof Error ? e.name : "Error";
            observer?.observe(queue, (performance.now() - started) / 1000, final ? "failed" : "retried", name);
            if (name === "TaskSkippedError")
              log.info({ queue, job: job.id, reason: (e as Error).message }, "task skipped");
            else if (name !== "DelayedError" && name !== "WaitingChildrenError")
              log.warn(
                { queue, job: job.id, attempt: job.attemptsMade + 1, error: name, detail: (e as Error).message },
                "job failed",
              );
            throw e;
          }
        }
      : processor;
  const worker = new Worker<Data, Result>(queue, wrapped as Processor<Data, Result>, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    // Long simulations run in sandboxed threads; this lock only guards in-process jobs.
    lockDuration: 30_000,
    maxStalledCount: 5,
    ...options.extra,
  });
  worker.on("error", (e) => log.error({ queue, error: e.message }, "queue worker error"));
  if (typeof processor !== "function") {
    // Each sandbox thread pipes its output into ours: one listener pair per thread is expected.
    for (const stream of [process.stdout, process.stderr])
      stream.setMaxListeners(stream.getMaxListeners() + 2 * options.concurrency);
    worker.on("completed", () => observer?.observe(queue, 0, "completed"));
    worker.on("failed", (_job, e) => observer?.observe(queue, 0, "failed", e.name));
  }
  return worker;
}
