/**
 * A fleet for tests: a local chain, a Redis prefix of its own, a content store in a temporary
 * folder, and helpers to publish inputs and create tasks as the requester.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTask, TASK_TYPES } from "@aos/sdk";
import { Redis } from "ioredis";
import { createPublicClient, createWalletClient, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { dimensionId } from "../../../deploy/dimensions.ts";
import { parseConfig, type WorkerConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { ContentStore } from "../../src/results/contentStore.ts";
import { SIM_INPUT_SCHEMA } from "../../src/sim/simTask.ts";
import { type LocalChain, type LocalChainOptions, startLocalChain } from "./localChain.ts";

/** A simulation small enough to run in a few milliseconds. */
export const TINY_SIM = {
  layers: 1,
  clustersPerLayer: 1,
  cellsPerCluster: 4,
  tilesPerCell: 4,
  simHours: 0.01,
  durability: { k: 2, n: 4 },
  hlc: { groupSize: 4 },
  thermal: { enabled: false },
};

export async function startFleet(options: LocalChainOptions & { redisUrl?: string } = {}) {
  const chain: LocalChain = await startLocalChain(options);
  const dir = mkdtempSync(path.join(tmpdir(), "aos-fleet-"));
  const prefix = `aos-test-${Math.random().toString(36).slice(2, 10)}`;
  const redisUrl = options.redisUrl ?? "redis://127.0.0.1:6379";
  const store = new ContentStore(path.join(dir, "blocks"));
  const requester = chain.accounts[1]!;
  const publicClient = createPublicClient({ chain: hardhat, transport: http(chain.rpcUrl), pollingInterval: 20 });
  /** Write access as one of the chain's accounts (the requester, account 1, by default). */
  const writers = new Map<number, { publicClient: never; walletClient: never; addresses: typeof chain.addresses }>();
  const writeAs = (index: number) => {
    let w = writers.get(index);
    if (!w) {
      const walletClient = createWalletClient({
        chain: hardhat,
        transport: http(chain.rpcUrl),
        account: privateKeyToAccount(chain.accounts[index]!.key),
      });
      w = { publicClient: publicClient as never, walletClient: walletClient as never, addresses: chain.addresses };
      writers.set(index, w);
    }
    return w;
  };
  const write = writeAs(1);

  function config(overrides: Record<string, unknown> = {}): WorkerConfig {
    return parseConfig(
      {
        chain: { rpcUrl: chain.rpcUrl, pollIntervalMs: 50, addresses: chain.addresses, startBlock: 0 },
        redis: { url: redisUrl, prefix },
        store: { dir: path.join(dir, "blocks") },
        profile: { safetyMarginSeconds: 5 },
        verifier: { keeperIntervalMs: 200 },
        log: { level: process.env.AOS_TEST_LOG ?? "silent" },
      },
      overrides,
    );
  }

  async function now() {
    return Number((await publicClient.getBlock()).timestamp);
  }

  /** Publishes an input and creates a task for it as the requester (account 1 unless `as` says). */
  async function createTaskFor(
    input: unknown,
    options: {
      taskType: number;
      domain: number;
      amount?: bigint;
      deadlineIn?: number;
      reviewWindow?: number;
      as?: number;
    },
  ) {
    const { digest } = await store.put(input);
    // The requester's verifier sends with the same key: on a nonce race, simply try again.
    for (let attempt = 0; ; attempt++) {
      try {
        const { taskId } = await createTask(writeAs(options.as ?? 1), {
          amount: options.amount ?? parseEther("0.01"),
          inputHash: digest,
          taskType: options.taskType,
          domain: options.domain,
          deadline: BigInt((await now()) + (options.deadlineIn ?? 3600)),
          reviewWindow: options.reviewWindow ?? 3600,
        });
        return taskId;
      } catch (e) {
        if (attempt >= 5 || !/nonce/i.test(String((e as Error).message))) throw e;
      }
    }
  }

  /** A simulation task (its input: `extra.input`, else the schema around `params`). */
  function createSimTask(
    params: unknown = TINY_SIM,
    extra: { amount?: bigint; deadlineIn?: number; input?: unknown; as?: number } = {},
  ) {
    return createTaskFor(extra.input ?? { schema: SIM_INPUT_SCHEMA, params }, {
      ...extra,
      taskType: TASK_TYPES.dcosSimulation,
      domain: dimensionId("accuracy.simulation"),
    });
  }

  /** An LLM task whose input is an aos/llm-task/1 node. */
  function createLlmTask(input: unknown, extra: { amount?: bigint; deadlineIn?: number; as?: number } = {}) {
    return createTaskFor(input, {
      ...extra,
      taskType: TASK_TYPES.llm,
      domain: dimensionId("accuracy.research_analysis"),
    });
  }

  async function cleanUp() {
    const redis = new Redis(redisUrl);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
    await chain.close();
  }

  return {
    chain,
    dir,
    prefix,
    store,
    publicClient,
    write,
    requester,
    config,
    now,
    createSimTask,
    createLlmTask,
    log: createLogger({ level: process.env.AOS_TEST_LOG ?? "silent", name: "test" }),
    cleanUp,
  };
}
