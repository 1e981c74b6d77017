/**
 * Per-service cooldowns, kept in Redis so that every worker process stops calling a service that
 * just rate-limited, ran out of quota or failed, and they all come back to it at the same time.
 * A cooldown is one key with a Redis expiry: Redis's clock decides when it passes, not the
 * workers' (which may disagree).
 */
import type { Redis } from "ioredis";
import type { CompletionAttempt } from "./registry.ts";

/** After a 429 without Retry-After: providers' per-minute windows usually reopen within this. */
export const RATE_LIMIT_COOLDOWN_MS = 30_000;
/** The longest Retry-After we honour: a provider asking for hours is treated as out of quota. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;
/** After a 5xx or an unreachable server: long enough not to pile onto an outage, short enough to notice recovery. */
export const SERVER_ERROR_COOLDOWN_MS = 10_000;
/** After a call that timed out: the service is slow right now; try it again soon. */
export const TIMEOUT_COOLDOWN_MS = 10_000;
/** After a quota or billing error: needs a person (more credit) or a new billing period; retry rarely. */
export const QUOTA_COOLDOWN_MS = 10 * 60_000;

/**
 * How long a service should cool down after a failed call, or undefined when the failure says
 * nothing about the service's health (a bad request, the budget).
 */
export function cooldownMsFor(outcome: CompletionAttempt["outcome"], retryAfterMs?: number): number | undefined {
  switch (outcome) {
    case "rate_limited":
      return retryAfterMs !== undefined && retryAfterMs > 0
        ? Math.min(retryAfterMs, MAX_RETRY_AFTER_MS)
        : RATE_LIMIT_COOLDOWN_MS;
    case "quota":
      return Math.max(QUOTA_COOLDOWN_MS, retryAfterMs ?? 0);
    case "server_error":
      return Math.max(SERVER_ERROR_COOLDOWN_MS, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
    case "timeout":
      return TIMEOUT_COOLDOWN_MS;
    default:
      return undefined;
  }
}

/** Sets the cooldown unless a longer one is already running (two workers failing at once keep the longer). */
const EXTEND_COOLDOWN = `
local remaining = redis.call('PTTL', KEYS[1])
local wanted = tonumber(ARGV[1])
if remaining >= wanted then return remaining end
redis.call('SET', KEYS[1], ARGV[2], 'PX', wanted)
return wanted
`;

export class Cooldowns {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  #key(serviceId: string): string {
    return `${this.#prefix}:llm:cooldown:${serviceId}`;
  }

  /**
   * Keeps every worker off the service for `ms` (or longer if a longer cooldown is running).
   * `reason` is stored for operators (e.g. "rate_limited"). Returns the cooldown now in force, ms.
   */
  async coolDown(serviceId: string, ms: number, reason = "cooldown"): Promise<number> {
    const wanted = Math.max(1, Math.ceil(ms));
    return Number(await this.#redis.eval(EXTEND_COOLDOWN, 1, this.#key(serviceId), wanted, reason));
  }

  async isCooling(serviceId: string): Promise<boolean> {
    return (await this.#redis.exists(this.#key(serviceId))) === 1;
  }

  /** Epoch ms (this process's clock) when the service may be called again, or undefined if it may now. */
  async coolingUntil(serviceId: string): Promise<number | undefined> {
    const remaining = await this.#redis.pttl(this.#key(serviceId));
    return remaining > 0 ? Date.now() + remaining : undefined;
  }

  /** Why the service is cooling down (the reason given to coolDown), or undefined if it is not. */
  async reason(serviceId: string): Promise<string | undefined> {
    return (await this.#redis.get(this.#key(serviceId))) ?? undefined;
  }

  /** Ends a cooldown early (an operator topped up the account, a test resets). */
  async clear(serviceId: string): Promise<void> {
    await this.#redis.del(this.#key(serviceId));
  }
}
