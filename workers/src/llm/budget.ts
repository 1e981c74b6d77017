/**
 * Per-task LLM budgets shared by every worker, on Redis.
 *
 * Before a call, the worker reserves the call's maximum cost; after it, it settles the actual
 * cost (or releases the reservation if the call failed). A reservation is granted only while
 * spent + reserved < limit, and atomically (one Lua script), so however many jobs race, the money
 * committed never passes the limit by more than one call's maximum cost.
 *
 * Amounts are integer micro-dollars. Lua turns numbers above 10^14 into exponent notation, which
 * Redis's HINCRBY refuses: one budget holds at most about $99 million.
 *
 * Dead workers: each reservation is held until an expiry (RESERVATION_TTL_MS, Redis's clock),
 * kept in a sorted set; every reserve first sweeps the expired ones back into the budget. A settle
 * that arrives after its reservation was swept still charges the spend (the money is gone), and
 * a closed-set makes settle and release idempotent. All keys of a budget expire BUDGET_TTL_MS
 * after its last write.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { BudgetExceededError } from "./errors.ts";

/** How long a reservation holds budget without being settled: longer than any call's timeout. */
export const RESERVATION_TTL_MS = 10 * 60_000;
/** How long a budget's keys live after their last change: tasks end well within this. */
export const BUDGET_TTL_MS = 30 * 24 * 3_600_000;

const MICRO_PER_USD = 1_000_000;

/** Rounds through nano-dollars first so that float noise (0.1 + 0.2) does not move a micro-dollar. */
function toMicro(usd: number, round: (x: number) => number): number {
  if (!Number.isFinite(usd) || usd < 0)
    throw new RangeError(`An amount of USD must be a finite number >= 0, got ${usd}`);
  return round(Math.round(usd * MICRO_PER_USD * 1000) / 1000);
}

const fromMicro = (micro: number): number => micro / MICRO_PER_USD;

export interface Reservation {
  readonly id: string;
  readonly budgetKey: string;
  /** The amount held, micro-dollars (the maximum cost rounded up). */
  readonly microUsd: number;
}

// KEYS: ledger hash (spent, reserved), holds zset (id -> expiry ms), amounts hash (id -> micro), closed set
const SWEEP = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(expired) do
  local amount = tonumber(redis.call('HGET', KEYS[3], id) or '0')
  if amount > 0 then redis.call('HINCRBY', KEYS[1], 'reserved', 0 - amount) end
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[2], id)
end
`;

// ARGV: limit micro, amount micro, reservation id, hold ms, key ttl ms
// A free call (amount 0) is always granted: it cannot push spending past the limit.
const RESERVE = `${SWEEP}
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
local amount = tonumber(ARGV[2])
if amount > 0 and spent + reserved >= tonumber(ARGV[1]) then return {0, spent + reserved} end
redis.call('HINCRBY', KEYS[1], 'reserved', amount)
redis.call('HINCRBY', KEYS[1], 'spent', 0)
redis.call('HSET', KEYS[3], ARGV[3], amount)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
return {1, spent + reserved + amount}
`;

// ARGV: reservation id, actual micro (settle) or -1 (release), key ttl ms
const CLOSE = `
if redis.call('SISMEMBER', KEYS[4], ARGV[1]) == 1 then return 0 end
local amount = redis.call('HGET', KEYS[3], ARGV[1])
if amount then
  if tonumber(amount) > 0 then redis.call('HINCRBY', KEYS[1], 'reserved', 0 - tonumber(amount)) end
  redis.call('HDEL', KEYS[3], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
end
local actual = tonumber(ARGV[2])
if actual >= 0 then redis.call('HINCRBY', KEYS[1], 'spent', actual) end
redis.call('SADD', KEYS[4], ARGV[1])
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
return 1
`;

export class BudgetLedger {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #reservationTtlMs: number;

  /** `reservationTtlMs` is how long an unsettled reservation holds budget (tests shorten it). */
  constructor(redis: Redis, prefix: string, options: { reservationTtlMs?: number } = {}) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#reservationTtlMs = options.reservationTtlMs ?? RESERVATION_TTL_MS;
  }

  /** The budget's keys; the {hash tag} keeps them in one Redis Cluster slot, as a script needs. */
  #keys(budgetKey: string): [string, string, string, string] {
    const base = `${this.#prefix}:llm:budget:{${budgetKey}}`;
    return [base, `${base}:holds`, `${base}:amounts`, `${base}:closed`];
  }

  /**
   * Holds `maxCostUsd` of the budget for one call. Throws BudgetExceededError when spent plus
   * reserved has reached `limitUsd`.
   */
  async reserve(budgetKey: string, limitUsd: number, maxCostUsd: number): Promise<Reservation> {
    const id = randomUUID();
    const microUsd = toMicro(maxCostUsd, Math.ceil);
    const [granted, committed] = (await this.#redis.eval(
      RESERVE,
      4,
      ...this.#keys(budgetKey),
      toMicro(limitUsd, Math.floor),
      microUsd,
      id,
      this.#reservationTtlMs,
      BUDGET_TTL_MS,
    )) as [number, number];
    if (granted !== 1) throw new BudgetExceededError(budgetKey, limitUsd, fromMicro(committed));
    return { id, budgetKey, microUsd };
  }

  /** Turns the reservation into the actual spend. Returns false (and changes nothing) if it was already closed. */
  async settle(reservation: Reservation, actualCostUsd: number): Promise<boolean> {
    const actual = toMicro(actualCostUsd, Math.ceil);
    return (await this.#close(reservation, actual)) === 1;
  }

  /** Gives the reservation back (the call failed and cost nothing). Returns false if it was already closed. */
  async release(reservation: Reservation): Promise<boolean> {
    return (await this.#close(reservation, -1)) === 1;
  }

  async #close(reservation: Reservation, actualMicro: number): Promise<number> {
    const keys = this.#keys(reservation.budgetKey);
    return Number(await this.#redis.eval(CLOSE, 4, ...keys, reservation.id, actualMicro, BUDGET_TTL_MS));
  }

  /** USD settled so far on the budget. */
  async spent(budgetKey: string): Promise<number> {
    return fromMicro(Number((await this.#redis.hget(this.#keys(budgetKey)[0], "spent")) ?? 0));
  }

  /** USD currently held by open reservations (expired ones count until the next reserve sweeps them). */
  async reserved(budgetKey: string): Promise<number> {
    return fromMicro(Number((await this.#redis.hget(this.#keys(budgetKey)[0], "reserved")) ?? 0));
  }
}
