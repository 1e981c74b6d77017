/**
 * What each task is doing, as the status view shows it: one Redis hash per fleet, a field per
 * task, plus earnings per token. Written by the processors, read by `aos worker status`.
 */
import type { Redis } from "ioredis";

export type TaskStage =
  | "seen"
  | "skipped"
  | "waiting"
  | "claiming"
  | "claimed"
  | "working"
  | "submitting"
  | "submitted"
  | "paid"
  | "rejected"
  | "expired"
  | "lost";

export interface TaskStatus {
  readonly taskId: string;
  readonly stage: TaskStage;
  readonly detail: string;
  readonly taskType: number;
  readonly bounty: string;
  readonly token: string;
  readonly progress?: number;
  readonly resultCid?: string;
  readonly updatedAt: number;
}

export class StatusBoard {
  private readonly redis: Redis;
  private readonly key: string;
  private readonly earningsKey: string;

  constructor(redis: Redis, namespace: string) {
    this.redis = redis;
    this.key = `${namespace}:status`;
    this.earningsKey = `${namespace}:earnings`;
  }

  async set(taskId: string, update: Partial<TaskStatus> & { stage: TaskStage; detail: string }): Promise<void> {
    const previous = await this.get(taskId);
    const next: TaskStatus = {
      taskType: 0,
      bounty: "0",
      token: "0x0000000000000000000000000000000000000000",
      ...previous,
      ...update,
      taskId,
      updatedAt: Date.now(),
    };
    await this.redis.hset(this.key, taskId, JSON.stringify(next));
  }

  async get(taskId: string): Promise<TaskStatus | undefined> {
    const raw = await this.redis.hget(this.key, taskId);
    return raw ? (JSON.parse(raw) as TaskStatus) : undefined;
  }

  async all(): Promise<TaskStatus[]> {
    const raw = await this.redis.hgetall(this.key);
    return Object.values(raw)
      .map((r) => JSON.parse(r) as TaskStatus)
      .sort((a, b) => Number(BigInt(a.taskId) - BigInt(b.taskId)));
  }

  /** Adds a payment (wei or token units) once per task: a replayed outcome does not count twice. */
  async addEarnings(taskId: string, token: string, amount: bigint): Promise<boolean> {
    const fresh = await this.redis.sadd(`${this.earningsKey}:paid`, taskId);
    if (fresh === 0) return false;
    await this.redis.hincrby(this.earningsKey, token.toLowerCase(), Number(amount / 10n ** 9n));
    return true;
  }

  /** Earnings per token, in gwei (native) or 1e-9 token units. */
  async earnings(): Promise<Record<string, bigint>> {
    const raw = await this.redis.hgetall(this.earningsKey);
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, BigInt(v) * 10n ** 9n]));
  }
}
