/**
 * Task specifications, read once. A spec is fixed when the task is created (it is the TaskCreated
 * event), so the watcher files it in Redis as it sees the event and every later step reads it
 * from there; a scan of the chain's logs (getTaskSpec) is only the fallback for a task created
 * before the cursor, and its answer is filed too. Reading logs from the escrow's deployment block
 * for each task would grow with the chain's length.
 */
import { getTaskSpec, type TaskCreatedArgs, type TaskSpec, taskSpecFromCreatedLog } from "@aos/sdk";
import type { ChainableCommander, Redis } from "ioredis";
import type { AosPublicClient } from "../chain/clients.ts";

export interface SpecSource {
  readonly publicClient: AosPublicClient;
  readonly addresses: { readonly taskEscrow: `0x${string}` };
  readonly redis: Redis;
  readonly namespace: string;
  /** Where log scans start: the escrow's deployment block. */
  readonly startBlock: bigint;
}

const specsKey = (namespace: string) => `${namespace}:specs`;

/** The spec carried by a TaskCreated log's arguments. */
export function specFromCreatedLog(args: Record<string, unknown>, blockNumber: bigint): TaskSpec {
  return taskSpecFromCreatedLog(args as unknown as TaskCreatedArgs, blockNumber);
}

const BIGINT_FIELDS = new Set(["taskId", "bounty", "createdAtBlock", "minimum"]);

export function encodeSpec(spec: TaskSpec): string {
  return JSON.stringify(spec, (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

export function decodeSpec(raw: string): TaskSpec {
  return JSON.parse(raw, (k, v) => (BIGINT_FIELDS.has(k) && typeof v === "string" ? BigInt(v) : v)) as TaskSpec;
}

/** Files a spec in a Redis transaction the caller executes (the watcher's, with its jobs). */
export function fileSpec(m: ChainableCommander, namespace: string, spec: TaskSpec): void {
  m.hset(specsKey(namespace), String(spec.taskId), encodeSpec(spec));
}

/** Drops the specs of tasks that are over (nothing reads them again). */
export function forgetSpec(m: ChainableCommander, namespace: string, taskId: string): void {
  m.hdel(specsKey(namespace), taskId);
}

export async function readTaskSpec(source: SpecSource, taskId: bigint): Promise<TaskSpec> {
  const cached = await source.redis.hget(specsKey(source.namespace), String(taskId));
  if (cached) return decodeSpec(cached);
  const spec = await getTaskSpec(
    { publicClient: source.publicClient as never, addresses: source.addresses as never, fromBlock: source.startBlock },
    taskId,
  );
  await source.redis.hset(specsKey(source.namespace), String(taskId), encodeSpec(spec));
  return spec;
}
