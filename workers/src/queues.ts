/**
 * Queue names, job names and payloads of one fleet, in one place. A fleet is one signing key on
 * one chain; its queues live under the BullMQ prefix `<prefix>:<chainId>:<account>` (see
 * redis.ts), so several fleets share one Redis.
 *
 * Job ids are per task and step (`claim-17`), so a replayed event, a restarted watcher or a
 * reconciliation pass never adds the same work twice.
 */
import type { JobsOptions } from "bullmq";

export const QUEUES = {
  /** Decisions about tasks: consider (claim or not), outcome (learn and count earnings). */
  tasks: "tasks",
  /** The key's transactions, sent by the one process holding the sender lease. */
  tx: "tx",
  /** Simulations, in sandboxed worker threads. */
  sim: "sim",
  /** LLM plans (I/O bound: in-process). */
  llm: "llm",
  /** The verifier's re-executions and its keeper passes. */
  verify: "verify",
} as const;

export type ConsiderJob = { taskId: string };
export type OutcomeJob = { taskId: string; outcome: "paid" | "rejected" | "expired"; amount: string; token: string };
export type ClaimTxJob = { taskId: string };
export type SubmitTxJob = { taskId: string };
export type TopUpTxJob = { amountWei: string };
export type KeeperTxJob = { taskId: string };
export type DisputeTxJob = { taskId: string; reason: string };
export type WorkJob = {
  taskId: string;
  taskType: number;
  inputCid: string;
  chainId: number;
  escrow: `0x${string}`;
  agent: `0x${string}`;
  /** Unix seconds: the work is pointless after it. */
  deadline: number;
};
/** What a work job returns to its parent submit job. */
export type WorkResult = { resultCid: string; digest: `0x${string}`; outputCid: string };
export type VerifyJob = { taskId: string; resultDigest: `0x${string}` };

export const jobId = {
  consider: (taskId: bigint | string) => `consider-${taskId}`,
  outcome: (taskId: bigint | string) => `outcome-${taskId}`,
  claim: (taskId: bigint | string) => `claim-${taskId}`,
  submit: (taskId: bigint | string) => `submit-${taskId}`,
  work: (taskId: bigint | string) => `work-${taskId}`,
  finalize: (taskId: bigint | string) => `finalize-${taskId}`,
  expire: (taskId: bigint | string) => `expire-${taskId}`,
  accept: (taskId: bigint | string) => `accept-${taskId}`,
  dispute: (taskId: bigint | string) => `dispute-${taskId}`,
  verify: (taskId: bigint | string) => `verify-${taskId}`,
  topUp: () => "top-up",
};

/**
 * Retries with exponential backoff; finished jobs are kept a day (their ids keep deduplicating
 * re-adds), failed ones a week for inspection in the dashboard.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
