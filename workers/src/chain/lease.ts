/**
 * A lease in Redis: at most one process of a fleet holds it at a time. The chain watcher and the
 * transaction sender run only in the holder, so events are read once and nonces never fork;
 * when the holder dies, the lease lapses and another process takes over within `ttlMs`.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export class Lease {
  readonly token = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private held = false;

  private readonly redis: Redis;
  private readonly key: string;
  private readonly ttlMs: number;

  constructor(redis: Redis, key: string, ttlMs = 10_000) {
    this.redis = redis;
    this.key = key;
    this.ttlMs = ttlMs;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Tries to take or renew the lease; returns whether this process holds it. */
  async tick(): Promise<boolean> {
    try {
      if (this.held) {
        this.held = (await this.redis.eval(RENEW, 1, this.key, this.token, String(this.ttlMs))) === 1;
      } else {
        this.held = (await this.redis.set(this.key, this.token, "PX", this.ttlMs, "NX")) === "OK";
      }
    } catch {
      // Redis unreachable: we cannot prove we hold it, so act as if we do not.
      this.held = false;
    }
    return this.held;
  }

  /** Keeps trying every third of the TTL; `onChange` hears when this process gains or loses it. */
  start(onChange: (held: boolean) => void): void {
    let last = false;
    const loop = async () => {
      const now = await this.tick();
      if (now !== last) {
        last = now;
        onChange(now);
      }
      this.timer = setTimeout(loop, Math.max(100, Math.floor(this.ttlMs / 3)));
    };
    void loop();
  }

  async release(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.held) await this.redis.eval(RELEASE, 1, this.key, this.token).catch(() => undefined);
    this.held = false;
  }
}
