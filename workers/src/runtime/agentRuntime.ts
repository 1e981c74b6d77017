/**
 * One agent worker process: queues of the key's fleet, processors for deciding, working and
 * (in the process holding the key's lease) watching the chain and sending transactions.
 * Run several processes with the same key and Redis to scale the work out; one of them watches
 * and sends, the others take over within seconds if it dies.
 */
import path from "node:path";
import { getDeployment, taskEscrowAbi } from "@aos/sdk";
import { FlowProducer, type Job, Queue, type Worker } from "bullmq";
import type { PrivateKeyAccount } from "viem";
import { considerTask } from "../agent/consider.ts";
import type { AgentContext } from "../agent/context.ts";
import { type OutcomeLearner, recordOutcome } from "../agent/outcome.ts";
import { reconcile } from "../agent/reconcile.ts";
import { StatusBoard } from "../agent/statusBoard.ts";
import { fileSpec, forgetSpec, specFromCreatedLog } from "../agent/taskSpecs.ts";
import { addWorkFlow, claimTx, submitTx, topUpTx } from "../agent/txJobs.ts";
import { sandboxWithSettings } from "../agent/workSettings.ts";
import { connectChain } from "../chain/clients.ts";
import { describeError } from "../chain/contractError.ts";
import { Lease } from "../chain/lease.ts";
import { TxSender } from "../chain/txSender.ts";
import { ChainWatcher } from "../chain/watcher.ts";
import type { WorkerConfig } from "../config.ts";
import { loadServices } from "../llm/loadServices.ts";
import type { Logger } from "../log.ts";
import { DEFAULT_JOB_OPTIONS, jobId, type OutcomeJob, QUEUES, type WorkJob, type WorkResult } from "../queues.ts";
import { connectRedis, namespaceOf } from "../redis.ts";
import { ContentStore } from "../results/contentStore.ts";
import type { JobObserver } from "./queueWorker.ts";
import { createQueueWorker } from "./queueWorker.ts";

export interface AgentRuntimeOptions {
  readonly config: WorkerConfig;
  readonly account: PrivateKeyAccount;
  readonly log: Logger;
  readonly observer?: JobObserver;
  readonly count?: (stage: string) => void;
  /** Processes LLM work jobs (runtime/llmWork.ts); without it LLM tasks are never claimed. */
  readonly llmProcessor?: (ctx: AgentContext) => {
    process: (job: Job<WorkJob, WorkResult>) => Promise<WorkResult>;
    learner?: OutcomeLearner;
  };
  /** Milliseconds between reconciliation passes against the chain. */
  readonly reconcileEveryMs?: number;
}

/** The escrow's task events as the handlers read them (every one carries a task id). */
type TaskLog = {
  eventName: string;
  blockNumber: bigint;
  args: Record<string, unknown> & { taskId: bigint; agent: `0x${string}` };
};

export type AgentRuntime = Awaited<ReturnType<typeof startAgent>>;

const SIM_PROCESSOR = path.join(import.meta.dirname, "..", "sim", "simProcessor.ts");

export async function startAgent(options: AgentRuntimeOptions) {
  const { config, account, log } = options;
  const { chainId, publicClient, walletClient } = await connectChain(config.chain.rpcUrl, account);
  if (!walletClient) throw new Error("unreachable: a wallet client for the account");
  const addresses = config.chain.addresses ?? (await import("@aos/sdk")).getAddresses(chainId);
  const startBlock = BigInt(config.chain.startBlock ?? safeStartBlock(chainId));
  const redis = connectRedis(config.redis.url);
  redis.on("error", (e) => log.debug({ error: e.message }, "redis connection error"));
  const namespace = namespaceOf(config.redis.prefix, chainId, account.address);
  const queueOptions = { connection: redis, prefix: namespace, defaultJobOptions: DEFAULT_JOB_OPTIONS };
  const queues = {
    tasks: new Queue(QUEUES.tasks, queueOptions),
    tx: new Queue(QUEUES.tx, queueOptions),
    sim: new Queue(QUEUES.sim, queueOptions),
    llm: new Queue(QUEUES.llm, queueOptions),
  };
  const flows = new FlowProducer({ connection: redis, prefix: namespace });
  const store = new ContentStore(config.store.dir);
  const ctx: AgentContext = {
    config,
    chainId,
    addresses,
    account,
    publicClient,
    redis,
    namespace,
    startBlock,
    queues,
    flows,
    status: new StatusBoard(redis, namespace),
    store,
    log,
    llmServices: loadServices(config.llm.services),
    count: options.count ?? (() => undefined),
  };
  await redis.sadd(
    `${config.redis.prefix}:fleets`,
    JSON.stringify({ namespace, role: "agent", chainId, account: account.address }),
  );
  const sandbox = sandboxWithSettings({
    storeDir: path.resolve(config.store.dir),
    gateways: config.store.gateways,
    redisUrl: config.redis.url,
    namespace,
    maxSimNodes: config.profile.maxSimNodes,
    checkpointEveryMs: 2000,
  });

  const common = { connection: redis, prefix: namespace, log, observer: options.observer };
  const llm = options.llmProcessor?.(ctx);
  const workers: Worker[] = [
    createQueueWorker(
      QUEUES.tasks,
      async (job, token) =>
        job.name === "outcome"
          ? recordOutcome(ctx, job as never, llm?.learner)
          : considerTask(ctx, job as never, token),
      { ...common, concurrency: 8 },
    ),
    createQueueWorker(QUEUES.sim, SIM_PROCESSOR, {
      ...common,
      concurrency: config.profile.concurrency,
      extra: sandbox,
    }),
  ];
  if (llm)
    workers.push(createQueueWorker(QUEUES.llm, llm.process, { ...common, concurrency: config.profile.concurrency }));

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
      const ours = (a: string) => a.toLowerCase() === account.address.toLowerCase();
      const considers = [];
      const outcomes: { name: string; data: OutcomeJob; opts: object }[] = [];
      // Specs first: a claim in the same batch as its creation reads the spec filed here.
      const specs = redis.multi();
      for (const log of logs) {
        const l = log as unknown as TaskLog;
        if (l.eventName === "TaskCreated") fileSpec(specs, namespace, specFromCreatedLog(l.args, l.blockNumber));
        else if (SETTLED_EVENTS.has(l.eventName)) forgetSpec(specs, namespace, String(l.args.taskId));
      }
      await specs.exec();
      for (const log of logs) {
        const l = log as unknown as TaskLog;
        const id = String(l.args.taskId);
        if (l.eventName === "TaskCreated")
          considers.push({ name: "consider", data: { taskId: id }, opts: { jobId: jobId.consider(id) } });
        else if (l.eventName === "TaskClaimed" && ours(l.args.agent)) await addWorkFlow(ctx, l.args.taskId);
        else if (l.eventName === "TaskAccepted" && ours(l.args.agent))
          outcomes.push({
            name: "outcome",
            data: {
              taskId: id,
              outcome: "paid",
              amount: String(l.args.payment),
              token: await tokenOf(ctx, l.args.taskId),
            },
            opts: { jobId: jobId.outcome(id) },
          });
        else if ((l.eventName === "TaskRejected" || l.eventName === "TaskExpired") && ours(l.args.agent))
          outcomes.push({
            name: "outcome",
            data: {
              taskId: id,
              outcome: l.eventName === "TaskRejected" ? "rejected" : "expired",
              amount: "0",
              token: "",
            },
            opts: { jobId: jobId.outcome(id) },
          });
      }
      if (considers.length + outcomes.length > 0) await queues.tasks.addBulk([...considers, ...outcomes]);
    },
  });

  let txWorker: Worker | undefined;
  let reconcileTimer: NodeJS.Timeout | undefined;
  const lease = new Lease(redis, `${namespace}:lease`, 10_000);
  const reconcileEveryMs = options.reconcileEveryMs ?? 30_000;
  const runReconcile = async () => {
    try {
      await reconcile(ctx, startBlock);
    } catch (e) {
      log.warn({ error: describeError(e) }, "reconciliation failed; next pass retries");
    }
    if (lease.isHeld) reconcileTimer = setTimeout(runReconcile, reconcileEveryMs);
  };
  lease.start((held) => {
    if (held) {
      log.info({ account: account.address }, "holding the key's lease: watching the chain and sending transactions");
      ctx.sender = new TxSender({ publicClient, walletClient, log });
      txWorker = createQueueWorker(
        QUEUES.tx,
        async (job) => {
          if (job.name === "claim") return claimTx(ctx, job as never);
          if (job.name === "submit") return submitTx(ctx, job as never);
          if (job.name === "topUp") return topUpTx(ctx, job as never);
          throw new Error(`unknown transaction job ${job.name}`);
        },
        { ...common, concurrency: config.chain.txConcurrency },
      );
      watcher.start();
      void runReconcile();
    } else {
      log.warn("lost the key's lease: another process watches and sends");
      void watcher.stop();
      void txWorker?.close();
      txWorker = undefined;
      ctx.sender = undefined;
      if (reconcileTimer) clearTimeout(reconcileTimer);
    }
  });

  return {
    ctx,
    watcher,
    lease,
    queues,
    async close() {
      if (reconcileTimer) clearTimeout(reconcileTimer);
      await watcher.stop();
      await Promise.all([...workers, ...(txWorker ? [txWorker] : [])].map((w) => w.close()));
      await lease.release();
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await flows.close();
      redis.disconnect();
    },
  };
}

/** Events after which a task's spec is not read again. */
const SETTLED_EVENTS = new Set(["TaskAccepted", "TaskRejected", "TaskExpired", "TaskCancelled", "TaskVoided"]);

function safeStartBlock(chainId: number): number {
  try {
    return getDeployment(chainId, "TaskEscrow").startBlock;
  } catch {
    return 0;
  }
}

async function tokenOf(ctx: AgentContext, taskId: bigint): Promise<string> {
  const { getTask } = await import("@aos/sdk");
  return (await getTask({ publicClient: ctx.publicClient, addresses: ctx.addresses }, taskId)).token;
}
