/**
 * The verifier process, for requesters and for the economy as a whole:
 * - for the tasks its key requested that are deterministic (simulations), it re-executes a
 *   sample of submitted results (`verifier.sampleRate`) and accepts a match at once or disputes a
 *   mismatch (only a task's requester may dispute, so this part needs the requester's key);
 * - for every task, it finalizes results whose review window has passed and expires tasks past
 *   their deadline, so funds move without anyone having to remember.
 */
import path from "node:path";
import { getDeployment, TASK_TYPES, taskEscrowAbi } from "@aos/sdk";
import { Queue, type Worker } from "bullmq";
import { keccak256, type PrivateKeyAccount, toHex } from "viem";
import { sandboxWithSettings } from "../agent/workSettings.ts";
import { connectChain } from "../chain/clients.ts";
import { describeError } from "../chain/contractError.ts";
import { Lease } from "../chain/lease.ts";
import { TxSender } from "../chain/txSender.ts";
import { ChainWatcher } from "../chain/watcher.ts";
import type { WorkerConfig } from "../config.ts";
import type { Logger } from "../log.ts";
import { DEFAULT_JOB_OPTIONS, jobId, QUEUES } from "../queues.ts";
import { connectRedis, namespaceOf } from "../redis.ts";
import { type KeeperContext, keeperTx } from "../verifier/keeperTx.ts";
import { createQueueWorker, type JobObserver } from "./queueWorker.ts";

const VERIFY_PROCESSOR = path.join(import.meta.dirname, "..", "verifier", "verifyProcessor.ts");

export interface VerifierRuntimeOptions {
  readonly config: WorkerConfig;
  readonly account: PrivateKeyAccount;
  readonly log: Logger;
  readonly observer?: JobObserver;
  readonly count?: (what: string) => void;
}

/** The escrow's task events as the handlers read them (every one carries a task id). */
type TaskLog = {
  eventName: string;
  blockNumber: bigint;
  args: Record<string, unknown> & { taskId: bigint };
};

export type VerifierRuntime = Awaited<ReturnType<typeof startVerifier>>;

/** Deterministic sampling: the same task is always in or out of the sample. */
export function inSample(taskId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  const h = Number.parseInt(keccak256(toHex(`sample:${taskId}`)).slice(2, 10), 16);
  return h / 0xffffffff < rate;
}

export async function startVerifier(options: VerifierRuntimeOptions) {
  const { config, account, log } = options;
  const { chainId, publicClient, walletClient } = await connectChain(config.chain.rpcUrl, account);
  if (!walletClient) throw new Error("unreachable: a wallet client for the account");
  const addresses = config.chain.addresses ?? (await import("@aos/sdk")).getAddresses(chainId);
  let startBlock = 0n;
  try {
    startBlock = BigInt(config.chain.startBlock ?? getDeployment(chainId, "TaskEscrow").startBlock);
  } catch {
    startBlock = BigInt(config.chain.startBlock ?? 0);
  }
  const redis = connectRedis(config.redis.url);
  redis.on("error", (e) => log.debug({ error: e.message }, "redis connection error"));
  const namespace = `${namespaceOf(config.redis.prefix, chainId, account.address)}:verifier`;
  const queueOptions = { connection: redis, prefix: namespace, defaultJobOptions: DEFAULT_JOB_OPTIONS };
  const queues = { tx: new Queue(QUEUES.tx, queueOptions), verify: new Queue(QUEUES.verify, queueOptions) };
  await redis.sadd(
    `${config.redis.prefix}:fleets`,
    JSON.stringify({ namespace, role: "verifier", chainId, account: account.address }),
  );
  const sandbox = sandboxWithSettings({
    storeDir: path.resolve(config.store.dir),
    gateways: config.store.gateways,
    redisUrl: config.redis.url,
    namespace,
    maxSimNodes: config.profile.maxSimNodes,
    checkpointEveryMs: 2000,
  });
  const ctx: KeeperContext = {
    publicClient,
    addresses,
    account: account.address,
    log,
    count: options.count ?? (() => undefined),
  };
  const deadlines = `${namespace}:deadlines`;
  const reviews = `${namespace}:reviews`;
  const windows = `${namespace}:windows`;
  const mine = `${namespace}:mine`;
  const common = { connection: redis, prefix: namespace, log, observer: options.observer };
  const workers: Worker[] = [
    createQueueWorker(QUEUES.verify, VERIFY_PROCESSOR, {
      ...common,
      concurrency: config.verifier.concurrency,
      extra: sandbox,
    }),
  ];

  const blockTimes = new Map<bigint, number>();
  const timeOf = async (blockNumber: bigint) => {
    let t = blockTimes.get(blockNumber);
    if (t === undefined) {
      t = Number((await publicClient.getBlock({ blockNumber })).timestamp);
      if (blockTimes.size > 1000) blockTimes.clear();
      blockTimes.set(blockNumber, t);
    }
    return t;
  };
  const watcher = new ChainWatcher({
    publicClient,
    redis,
    cursorKey: `${namespace}:watcher`,
    address: addresses.taskEscrow,
    abi: taskEscrowAbi,
    startBlock,
    confirmations: config.chain.confirmations,
    pollIntervalMs: config.chain.pollIntervalMs,
    log,
    onError: (e) => log.warn({ error: describeError(e) }, "chain watcher pass failed; retrying"),
    onLogs: async (logs) => {
      const m = redis.multi();
      const verifyJobs = [];
      // What this batch's TaskCreated events say, for its ResultSubmitted events: the MULTI that
      // files them in Redis runs only after the whole batch.
      const batchWindows = new Map<string, string>();
      const batchMine = new Map<string, string>();
      for (const log of logs) {
        const l = log as unknown as TaskLog;
        const id = String(l.args.taskId);
        switch (l.eventName) {
          case "TaskCreated":
            m.zadd(deadlines, Number(l.args.deadline), id).hset(windows, id, String(l.args.reviewWindow));
            batchWindows.set(id, String(l.args.reviewWindow));
            if (
              String(l.args.requester).toLowerCase() === account.address.toLowerCase() &&
              Number(l.args.taskType) === TASK_TYPES.dcosSimulation
            ) {
              m.hset(mine, id, String(l.args.inputHash));
              batchMine.set(id, String(l.args.inputHash));
            }
            break;
          case "ResultSubmitted": {
            const window = Number(batchWindows.get(id) ?? (await redis.hget(windows, id)) ?? 3600);
            m.zrem(deadlines, id).zadd(reviews, (await timeOf(l.blockNumber)) + window, id);
            const inputDigest = batchMine.get(id) ?? (await redis.hget(mine, id));
            if (inputDigest && inSample(id, config.verifier.sampleRate))
              verifyJobs.push({
                name: "verify",
                data: {
                  taskId: id,
                  resultDigest: l.args.resultHash,
                  inputDigest,
                  acceptVerified: config.verifier.acceptVerified,
                },
                opts: { jobId: jobId.verify(id) },
              });
            break;
          }
          case "TaskDisputed":
            m.zrem(reviews, id);
            break;
          case "TaskAccepted":
          case "TaskRejected":
          case "TaskExpired":
          case "TaskCancelled":
          case "TaskVoided":
            m.zrem(deadlines, id).zrem(reviews, id).hdel(windows, id).hdel(mine, id);
            break;
        }
      }
      await m.exec();
      if (verifyJobs.length > 0) await queues.verify.addBulk(verifyJobs);
    },
  });

  let keeperTimer: NodeJS.Timeout | undefined;
  const keeperPass = async () => {
    try {
      const now = Number((await publicClient.getBlock()).timestamp);
      const [expiring, finalizing] = await Promise.all([
        redis.zrangebyscore(deadlines, "-inf", now - 1, "LIMIT", 0, 500),
        redis.zrangebyscore(reviews, "-inf", now - 1, "LIMIT", 0, 500),
      ]);
      const jobs = [
        ...expiring.map((id) => ({ name: "expire", data: { taskId: id }, opts: { jobId: jobId.expire(id) } })),
        ...finalizing.map((id) => ({ name: "finalize", data: { taskId: id }, opts: { jobId: jobId.finalize(id) } })),
      ];
      if (jobs.length > 0) await queues.tx.addBulk(jobs);
    } catch (e) {
      log.warn({ error: describeError(e) }, "keeper pass failed; next pass retries");
    }
    keeperTimer = setTimeout(keeperPass, config.verifier.keeperIntervalMs);
  };

  let txWorker: Worker | undefined;
  const lease = new Lease(redis, `${namespace}:lease`, 10_000);
  lease.start((held) => {
    if (held) {
      ctx.sender = new TxSender({ publicClient, walletClient, log });
      txWorker = createQueueWorker(QUEUES.tx, (job) => keeperTx(ctx, job as never), {
        ...common,
        concurrency: config.chain.txConcurrency,
      });
      watcher.start();
      void keeperPass();
    } else {
      void watcher.stop();
      void txWorker?.close();
      txWorker = undefined;
      ctx.sender = undefined;
      if (keeperTimer) clearTimeout(keeperTimer);
    }
  });

  return {
    namespace,
    queues,
    watcher,
    async close() {
      if (keeperTimer) clearTimeout(keeperTimer);
      await watcher.stop();
      await Promise.all([...workers, ...(txWorker ? [txWorker] : [])].map((w) => w.close()));
      await lease.release();
      await Promise.all(Object.values(queues).map((q) => q.close()));
      redis.disconnect();
    },
  };
}
