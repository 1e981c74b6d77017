/** Redis connections as BullMQ wants them, and the key namespace of one fleet. */
import { Redis } from "ioredis";

export function connectRedis(url: string): Redis {
  // BullMQ's blocking commands need `maxRetriesPerRequest: null`; reconnect forever with a
  // short, capped backoff so a restarted Redis is picked up within a second or two.
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(50 * times, 1000),
  });
}

/**
 * Keys of one fleet: everything an agent (or a verifier) keeps in Redis lives under
 * `<prefix>:<chainId>:<account>`, so fleets of different keys or chains share one Redis safely.
 */
export function namespaceOf(prefix: string, chainId: number, account: string): string {
  return `${prefix}:${chainId}:${account.toLowerCase()}`;
}

/** Whether a Redis answers PING at `url` within about a second (no retries, no error events). */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
