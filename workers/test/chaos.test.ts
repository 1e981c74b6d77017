/**
 * Chaos: 1,000 tasks (simulations and LLM work) through a fleet of real processes while it is
 * being broken. Two agent processes share Bob's key (one holds the lease and sends; both work);
 * Alice's verifier runs in a third. While tasks flow:
 *   - agent and verifier processes are killed with SIGKILL mid-job and started again,
 *   - the Redis server (its own, AOF with fsync always) is killed and restarted,
 *   - the chain's JSON-RPC endpoint goes down for a while,
 *   - LLM providers answer with rate limits, quota and server errors.
 * Then: every task is settled (paid); no task was claimed or submitted twice (every
 * transaction of Bob's key is decoded); every LLM budget held (spent <= limit + one request's
 * largest cost); no stake is left locked.
 *
 * CHAOS_TASKS sets the number of tasks (default 1,000; a tenth of them LLM tasks).
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { getTask, NATIVE_ASSET, stakingVaultAbi, taskEscrowAbi } from "@aos/sdk";
import { Redis } from "ioredis";
import { decodeFunctionData } from "viem";
import { BudgetLedger } from "../src/llm/budget.ts";
import { LLM_TASK_SCHEMA } from "../src/llm/llmTask.ts";
import { namespaceOf, redisAnswers } from "../src/redis.ts";
import { type FakeProviders, startFakeProviders } from "./support/fakeProviders.ts";
import { startFleet, TINY_SIM } from "./support/fleet.ts";

const TASKS = Number(process.env.CHAOS_TASKS ?? 1000);
const LLM_SHARE = 10;
const LLM_BUDGET_USD = 0.5;
const LLM_MAX_OUTPUT_TOKENS = 400;
const CLI = path.join(import.meta.dirname, "..", "..", "packages", "cli", "src", "aos.ts");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  pollMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(pollMs);
  }
}

/** A process that can be killed and started again with the same command. */
class Service {
  child: ChildProcess | undefined;
  starts = 0;
  readonly name: string;
  private readonly command: string;
  private readonly args: readonly string[];
  private readonly env: NodeJS.ProcessEnv;
  private readonly logFile: string;
  constructor(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv, logFile: string) {
    this.name = name;
    this.command = command;
    this.args = args;
    this.env = env;
    this.logFile = logFile;
  }
  start() {
    const out = openSync(this.logFile, "a");
    this.child = spawn(this.command, this.args, { env: this.env, stdio: ["ignore", out, out] });
    this.starts++;
  }
  /** Sends the signal and waits for the exit; a process still there after `graceMs` is SIGKILLed. */
  async kill(signal: NodeJS.Signals = "SIGKILL", graceMs = 15_000): Promise<"exited" | "forced"> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return "exited";
    const exited = new Promise<"exited">((r) => child.once("exit", () => r("exited")));
    child.kill(signal);
    const outcome = await Promise.race([exited, sleep(graceMs).then(() => "forced" as const)]);
    if (outcome === "forced") {
      child.kill("SIGKILL");
      await exited;
    }
    return outcome;
  }
}

let fleet: Awaited<ReturnType<typeof startFleet>>;
let fake: FakeProviders;
let redisServer: Service;
let redisUrl: string;
const services: Service[] = [];

before(async () => {
  const redisPort = await freePort();
  redisUrl = `redis://127.0.0.1:${redisPort}`;
  fleet = await startFleet({ redisUrl });
  const redisDir = path.join(fleet.dir, "redis");
  mkdirSync(redisDir, { recursive: true });
  const logs = path.join(fleet.dir, "logs");
  mkdirSync(logs, { recursive: true });
  // The fleet's own Redis: every acknowledged write is on disk before the reply, so a SIGKILL of
  // the server loses nothing that a client was told had happened.
  redisServer = new Service(
    "redis",
    "redis-server",
    [
      "--bind",
      "127.0.0.1",
      "--port",
      String(redisPort),
      "--dir",
      redisDir,
      "--appendonly",
      "yes",
      "--appendfsync",
      "always",
      "--save",
      "",
    ],
    process.env,
    path.join(logs, "redis.log"),
  );
  redisServer.start();
  await until("redis-server", () => redisAnswers(redisUrl), 10_000);

  fake = await startFakeProviders();
  // Every cloud provider misbehaves at first, each in its own way; the fleet must fall back.
  fake.script("claude-opus-4-1", { fail: { kind: "rate_limit", retryAfterSeconds: 1 }, failTimes: 15 });
  fake.script("gpt-4o", { fail: { kind: "server_error", status: 503 }, failTimes: 15 });
  fake.script("grok-2", { fail: { kind: "quota" }, failTimes: 10 });
  fake.script("gemini-1.5-pro", { fail: { kind: "server_error" }, failTimes: 10 });

  const config = fleet.config({
    profile: { concurrency: 16, safetyMarginSeconds: 5 },
    chain: { txConcurrency: 8 },
    verifier: { concurrency: 2 },
    // Cloud services only (the local one would answer for free, and budgets would not be tested).
    llm: { services: fake.services().filter((s) => s.locality === "cloud"), timeoutMs: 5000 },
    log: { level: "info" },
  });
  const configFile = path.join(fleet.dir, "worker.json");
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const env = { ...process.env, ...fake.env };
  const bob = fleet.chain.accounts[2]!;
  for (const i of [1, 2])
    services.push(
      new Service(
        `agent-${i}`,
        process.execPath,
        [
          CLI,
          "worker",
          "start",
          "--config",
          configFile,
          "--ops-port",
          "0",
          "--log-file",
          path.join(logs, `agent-${i}.log`),
        ],
        { ...env, AOS_WORKER_KEY: bob.key },
        path.join(logs, `agent-${i}.out`),
      ),
    );
  services.push(
    new Service(
      "verifier",
      process.execPath,
      [
        CLI,
        "verifier",
        "start",
        "--config",
        configFile,
        "--ops-port",
        "0",
        "--log-file",
        path.join(logs, "verifier.log"),
      ],
      { ...env, AOS_WORKER_KEY: fleet.requester.key },
      path.join(logs, "verifier.out"),
    ),
  );
  for (const s of services) s.start();
});

after(async () => {
  // Graceful stops, side by side; one that hangs is named (and then killed).
  const stops = await Promise.all(services.map(async (s) => [s.name, await s.kill("SIGTERM")] as const));
  const forced = stops.filter(([, outcome]) => outcome === "forced").map(([name]) => name);
  if (forced.length > 0) console.log(`chaos: SIGTERM did not stop ${forced.join(", ")} within 15 s`);
  await fake?.close();
  await fleet?.cleanUp();
  await redisServer?.kill("SIGTERM");
});

test(`chaos: ${TASKS} tasks through killed workers, a restarted Redis, an RPC outage and failing providers`, {
  timeout: 15 * 60_000,
}, async () => {
  const started = Date.now();
  let ids: bigint[] = [];
  let llmIds = new Set<bigint>();
  const chaosLog: string[] = [];
  const note = (s: string) => chaosLog.push(`${((Date.now() - started) / 1000).toFixed(1)} s: ${s}`);

  // Tasks are created while the chaos runs; the LLM ones by another requester (account 3), whose
  // results the keeper finalizes after the review window.
  let creating = true;
  const creation = (async () => {
    for (let i = 0; i < TASKS; i++) {
      const llm = i % LLM_SHARE === LLM_SHARE - 1;
      for (;;) {
        try {
          const id = llm
            ? await fleet.createLlmTask(
                {
                  schema: LLM_TASK_SCHEMA,
                  kind: "analysis",
                  domain: "research_analysis",
                  prompt: `Summarise finding ${i} in one sentence.`,
                  maxOutputTokens: LLM_MAX_OUTPUT_TOKENS,
                  budgetUsd: LLM_BUDGET_USD,
                },
                { as: 3, deadlineIn: 30 * 86_400 },
              )
            : await fleet.createSimTask({ ...TINY_SIM, seed: i }, { deadlineIn: 30 * 86_400 });
          ids.push(id);
          if (llm) llmIds.add(id);
          break;
        } catch {
          // The requester's RPC is down too during the outage: try again.
          await sleep(200);
        }
      }
    }
    creating = false;
  })();

  // The chaos: one event every few seconds while tasks are still being created or worked on.
  const agents = services.filter((s) => s.name.startsWith("agent"));
  const verifier = services.find((s) => s.name === "verifier")!;
  let kills = 0;
  let redisRestarts = 0;
  let rpcOutages = 0;
  const killAndRestart = async (victim: Service, downMs: number) => {
    await victim.kill("SIGKILL");
    kills++;
    note(`SIGKILL ${victim.name}`);
    await sleep(downMs);
    victim.start();
  };
  const events: (() => Promise<void>)[] = [
    () => killAndRestart(agents[kills % agents.length]!, 1000),
    async () => {
      await redisServer.kill("SIGKILL");
      note("SIGKILL redis-server");
      await sleep(2000);
      redisServer.start();
      await until("redis-server back", () => redisAnswers(redisUrl), 10_000);
      redisRestarts++;
      note("redis-server back (AOF replayed)");
    },
    async () => {
      fleet.chain.setReachable(false);
      note("JSON-RPC down");
      await sleep(4000);
      fleet.chain.setReachable(true);
      rpcOutages++;
      note("JSON-RPC back");
    },
    () => killAndRestart(agents[(kills + 1) % agents.length]!, 500),
    () => killAndRestart(verifier, 1000),
  ];
  let round = 0;
  const paidSoFar = async () => {
    let paid = 0;
    for (const id of ids.slice(0, 20)) if ((await getTask(fleet.write, id)).state === "Accepted") paid++;
    return paid;
  };
  // Wait for work to be under way, so the first blows land mid-job.
  await until("the first payments", async () => (await paidSoFar()) > 0, 120_000);
  // At least three full rounds, however fast the tasks are created: the blows keep landing on
  // work in progress after the last creation too.
  while (creating || round < 3 * events.length) {
    await events[round % events.length]!();
    round++;
    await sleep(3000);
  }
  await creation;
  // The chain's list, not ours: a creation whose receipt was lost in the outage and was sent
  // again made two tasks, and the fleet must settle both.
  const created = await fleet.publicClient.getContractEvents({
    address: fleet.chain.addresses.taskEscrow,
    abi: taskEscrowAbi,
    eventName: "TaskCreated",
    fromBlock: 0n,
  });
  ids = created.map((l) => l.args.taskId as bigint);
  const llmRequester = fleet.chain.accounts[3]!.address.toLowerCase();
  llmIds = new Set(
    created.filter((l) => String(l.args.requester).toLowerCase() === llmRequester).map((l) => l.args.taskId as bigint),
  );
  assert.ok(ids.length >= TASKS);
  note(`all ${ids.length} tasks created`);

  // Settlement: simulations are accepted by the verifier on re-execution; LLM results once the
  // review window passes (the chain's clock is moved past it, then the keeper finalizes them).
  const states = async () => {
    const byState = new Map<string, bigint[]>();
    for (const id of ids) {
      const { state } = await getTask(fleet.write, id);
      byState.set(state, [...(byState.get(state) ?? []), id]);
    }
    return byState;
  };
  const simsDone = async () => {
    const s = await states();
    const pending = [...s.entries()].filter(([state]) => state !== "Accepted" && state !== "Submitted");
    const submittedSims = (s.get("Submitted") ?? []).filter((id) => !llmIds.has(id));
    return pending.length === 0 && submittedSims.length === 0 ? s : undefined;
  };
  await until("every simulation paid and every LLM result submitted", simsDone, 8 * 60_000, 3000).catch(async (e) => {
    const s = await states();
    console.log("chaos: states", Object.fromEntries([...s].map(([k, v]) => [k, v.length])), chaosLog);
    throw e;
  });
  note("every simulation paid, every LLM result submitted");
  await fleet.chain.increaseTime(3601);
  const final = await until(
    "the keeper to finalize the LLM results",
    async () => {
      const s = await states();
      return (s.get("Accepted")?.length ?? 0) === ids.length ? s : undefined;
    },
    3 * 60_000,
    3000,
  );
  note("every task paid");
  console.log(`chaos: ${chaosLog.join("\n       ")}`);

  // Every task settled: paid to Bob.
  assert.equal(final.get("Accepted")?.length, ids.length);

  // The chaos happened, and while there was work to break.
  assert.ok(kills >= 3, `at least three processes killed (${kills})`);
  assert.ok(redisRestarts >= 1 && rpcOutages >= 1, "Redis restarted and the RPC went down");

  // No task claimed or submitted twice: every transaction Bob's key sent, decoded.
  const bob = fleet.chain.accounts[2]!.address.toLowerCase();
  const sent = new Map<string, number>();
  const head = await fleet.publicClient.getBlockNumber();
  for (let n = 0n; n <= head; n++) {
    const block = await fleet.publicClient.getBlock({ blockNumber: n, includeTransactions: true });
    for (const tx of block.transactions) {
      if (tx.from.toLowerCase() !== bob || tx.to?.toLowerCase() !== fleet.chain.addresses.taskEscrow.toLowerCase())
        continue;
      const call = decodeFunctionData({ abi: taskEscrowAbi, data: tx.input });
      const key = `${call.functionName}:${String(call.args?.[0])}`;
      sent.set(key, (sent.get(key) ?? 0) + 1);
    }
  }
  const twice = [...sent].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], "a claim or a submission sent twice");
  const claims = [...sent.keys()].filter((k) => k.startsWith("claim:")).length;
  const submits = [...sent.keys()].filter((k) => k.startsWith("submitResult:")).length;
  assert.equal(claims, ids.length, "one claim per task");
  assert.equal(submits, ids.length, "one submission per task");

  // No stake stuck: every task's stake was released in the vault, none slashed.
  const balance = await fleet.publicClient.readContract({
    address: fleet.chain.addresses.stakingVault,
    abi: stakingVaultAbi,
    functionName: "balanceOf",
    args: [fleet.chain.accounts[2]!.address, NATIVE_ASSET],
  });
  assert.equal(balance.locked, 0n, "Bob's stake is all free again");
  assert.ok(balance.free > 0n, "Bob's standing stake is still there");

  // Every LLM budget held: spent at most the limit plus one request's largest possible cost.
  const redis = new Redis(redisUrl);
  redis.on("error", () => undefined);
  let spentTotal = 0;
  let learned = 0;
  try {
    const namespace = namespaceOf(fleet.prefix, fleet.chain.chainId, fleet.chain.accounts[2]!.address);
    const ledger = new BudgetLedger(redis, namespace);
    const largestRequest = Math.max(
      ...fake
        .services()
        .map((s) => ((4000 + LLM_MAX_OUTPUT_TOKENS) / 1000) * Math.max(s.inputPricePer1k, s.outputPricePer1k)),
    );
    for (const id of llmIds) {
      const spent = await ledger.spent(`${namespace}:budget:${id}`);
      spentTotal += spent;
      assert.ok(spent <= LLM_BUDGET_USD + largestRequest, `task ${id} spent ${spent} USD`);
    }
    assert.ok(spentTotal > 0, "LLM spending was counted");
    // The router learned from the settled LLM tasks: each paid one credited the services that
    // answered it in the task's domain (001, 4.4).
    learned = await until(
      "the outcomes of the LLM tasks to reach the quality book",
      async () => {
        const weights = await redis.hgetall(`${namespace}:llm-quality:weights`);
        const total = Object.entries(weights)
          .filter(([field]) => field.includes("research_analysis"))
          .reduce((sum, [, w]) => sum + Number(w), 0);
        return total >= llmIds.size ? total : undefined;
      },
      60_000,
      1000,
    );
  } finally {
    redis.disconnect();
  }
  const failedRequests = fake.requests.filter((r) => r.status >= 400).length;
  assert.ok(failedRequests >= 20, `providers failed (${failedRequests} failed requests)`);
  console.log(
    `chaos: ${TASKS} tasks paid in ${((Date.now() - started) / 1000).toFixed(0)} s; ${kills} processes killed, ` +
      `${redisRestarts} Redis restart, ${rpcOutages} RPC outage, ${failedRequests} failed provider requests; ` +
      `LLM spend ${spentTotal.toFixed(4)} USD over ${llmIds.size} tasks, ${learned} outcomes learned`,
  );
});
