/**
 * The fleet's Prometheus metrics. Every process creates one set on its own registry (so tests and
 * several components in one process never collide on prom-client's global registry) and the
 * gateway serves that registry at /metrics.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export const JOB_OUTCOMES = ["completed", "failed", "retried"] as const;
export const TASK_STAGES = [
  "seen",
  "eligible",
  "skipped",
  "claimed",
  "submitted",
  "paid",
  "rejected",
  "expired",
  "disputed",
] as const;

export type JobOutcome = (typeof JOB_OUTCOMES)[number];
export type TaskStage = (typeof TASK_STAGES)[number];

export function createMetrics(registry: Registry = new Registry()) {
  collectDefaultMetrics({ register: registry, prefix: "aos_" });
  const registers = [registry];
  const metrics = {
    registry,
    jobs: new Counter<"queue" | "outcome">({
      name: "aos_jobs_total",
      help: "BullMQ jobs finished, by queue and outcome (completed, failed, retried).",
      labelNames: ["queue", "outcome"],
      registers,
    }),
    jobDuration: new Histogram<"queue">({
      name: "aos_job_duration_seconds",
      help: "Time from a job's start to its end, by queue.",
      labelNames: ["queue"],
      // Chain jobs take seconds, simulations minutes.
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers,
    }),
    tasks: new Counter<"stage">({
      name: "aos_tasks_total",
      help: "Tasks by lifecycle stage reached: seen, eligible, skipped, claimed, submitted, paid, rejected, expired, disputed.",
      labelNames: ["stage"],
      registers,
    }),
    earningsWei: new Counter<"token">({
      name: "aos_earnings_wei_total",
      help: "Bounties paid to this worker, in the token's smallest unit (token 0x0… is the native asset).",
      labelNames: ["token"],
      registers,
    }),
    llmCalls: new Counter<"service" | "outcome">({
      name: "aos_llm_calls_total",
      help: "LLM provider calls by service and outcome.",
      labelNames: ["service", "outcome"],
      registers,
    }),
    llmCostUsd: new Counter<"service">({
      name: "aos_llm_cost_usd_total",
      help: "LLM spend in US dollars from reported token usage, by service.",
      labelNames: ["service"],
      registers,
    }),
    transactions: new Counter<"kind" | "outcome">({
      name: "aos_transactions_total",
      help: "Transactions sent by kind (claim, submit, finalize, …) and outcome.",
      labelNames: ["kind", "outcome"],
      registers,
    }),
    errors: new Counter<"component" | "error">({
      name: "aos_errors_total",
      help: "Errors by component and error name.",
      labelNames: ["component", "error"],
      registers,
    }),
  };
  return metrics;
}

/** The handles createMetrics returns. */
export type AosMetrics = ReturnType<typeof createMetrics>;

/**
 * Adds a wei amount to the earnings counter. Prometheus values are doubles, so amounts over 2^53 wei
 * are rounded; the chain, not this counter, is the record of what was paid.
 */
export function addWei(counter: Counter<"token">, token: string, wei: bigint): void {
  if (wei <= 0n) return;
  counter.inc({ token: token.toLowerCase() }, Number(wei));
}
