/**
 * Turns contract logs into work, once. The cursor (last block handled, and its hash) lives in
 * Redis, so a restarted watcher resumes where it stopped; only blocks `confirmations` deep are
 * read, so shallow reorganisations never reach a job; a deeper one is noticed by the cursor's
 * hash no longer being on the chain, and the watcher steps back and reads again. Handlers must be
 * idempotent (job ids per task and step): a replayed range never doubles work.
 */
import type { Redis } from "ioredis";
import { type Abi, BlockNotFoundError, type Log, parseEventLogs } from "viem";
import type { Logger } from "../log.ts";
import type { AosPublicClient } from "./clients.ts";

export interface WatcherOptions<abi extends Abi> {
  readonly publicClient: AosPublicClient;
  readonly redis: Redis;
  /** Redis key of the cursor. */
  readonly cursorKey: string;
  readonly address: `0x${string}`;
  readonly abi: abi;
  readonly startBlock: bigint;
  readonly confirmations: number;
  readonly pollIntervalMs: number;
  /** Largest block range per getLogs call. */
  readonly maxRange?: bigint;
  readonly log: Logger;
  readonly onLogs: (logs: ReturnType<typeof parseEventLogs<abi>>) => Promise<void>;
  readonly onError?: (e: unknown) => void;
}

type Cursor = { block: bigint; hash: `0x${string}` | null };

export class ChainWatcher<const abi extends Abi> {
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Highest block handled (for status views). */
  lastBlock = 0n;

  private readonly o: WatcherOptions<abi>;

  constructor(options: WatcherOptions<abi>) {
    this.o = options;
  }

  private async readCursor(): Promise<Cursor> {
    const raw = await this.o.redis.hgetall(this.o.cursorKey);
    if (raw.block === undefined) return { block: this.o.startBlock - 1n, hash: null };
    return { block: BigInt(raw.block), hash: (raw.hash as `0x${string}`) || null };
  }

  /** One pass: reads every confirmed block after the cursor. Returns how many logs it handled. */
  async poll(): Promise<number> {
    const { publicClient, confirmations } = this.o;
    let cursor = await this.readCursor();
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    const safe = head - BigInt(confirmations);
    // Nothing new is safe to read: the reorganisation check waits until something is (it runs
    // before anything past the cursor is handled, so a replaced block is never built upon).
    if (cursor.block >= safe) return 0;
    if (cursor.hash && cursor.block >= 0n) {
      // A block the node no longer has is a reorganisation; a node that cannot answer is not
      // (the pass fails and the next one retries).
      const block = await publicClient.getBlock({ blockNumber: cursor.block }).catch((e: unknown) => {
        if (e instanceof BlockNotFoundError) return undefined;
        throw e;
      });
      if (!block || block.hash !== cursor.hash) {
        // The block we stopped at is no longer canonical: read the last few again.
        const back = BigInt(Math.max(confirmations, 1) * 2 + 1);
        const block = cursor.block - back < this.o.startBlock - 1n ? this.o.startBlock - 1n : cursor.block - back;
        this.o.log.warn({ at: String(cursor.block), rewindTo: String(block) }, "reorganisation below the cursor");
        cursor = { block, hash: null };
      }
    }
    let handled = 0;
    const maxRange = this.o.maxRange ?? 2000n;
    while (cursor.block < safe) {
      const from = cursor.block + 1n;
      const to = safe - from + 1n > maxRange ? from + maxRange - 1n : safe;
      const [raw, toBlock] = await Promise.all([
        publicClient.getLogs({ address: this.o.address, fromBlock: from, toBlock: to }),
        publicClient.getBlock({ blockNumber: to }),
      ]);
      const logs = parseEventLogs({ abi: this.o.abi, logs: raw as Log[] });
      if (logs.length > 0) await this.o.onLogs(logs);
      handled += logs.length;
      // Jobs first, cursor second: a crash in between replays the range (idempotent), never skips it.
      await this.o.redis.hset(this.o.cursorKey, { block: String(to), hash: toBlock.hash });
      cursor = { block: to, hash: toBlock.hash };
      this.lastBlock = to;
    }
    return handled;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.poll().then(
        () => undefined,
        (e: unknown) => this.o.onError?.(e),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, this.o.pollIntervalMs);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
