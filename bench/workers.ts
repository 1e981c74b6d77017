/**
 * Worker benchmark: `npm run bench:workers`. Prints a table, then three result lines last.
 *
 * - worker_overhead_ratio: jobs per second of a bare BullMQ worker divided by that of our
 *   pipeline wrapper (runtime/queueWorker.ts: timing, counters, logs) on the same trivial jobs,
 *   same Redis, same run, same concurrency. Target <= 1.25.
 * - settled_tasks_per_min: simulation tasks taken from creation to paid on a local chain by one
 *   agent worker (the requester's verifier re-executes and accepts each). Target >= 600.
 * - router_decisions_per_sec: LLM routing decisions per second. Target >= 50,000.
 *
 * Redis at AOS_REDIS_URL (default redis://127.0.0.1:6379). BENCH_TASKS sets the task count (300).
 */
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { privateKeyToAccount } from "viem/accounts";
import { measureRouterDecisions } from "../workers/src/llm/routerBench.ts";
import { createLogger } from "../workers/src/log.ts";
import { startAgent } from "../workers/src/runtime/agentRuntime.ts";
import { instrument } from "../workers/src/runtime/instrument.ts";
import { createQueueWorker } from "../workers/src/runtime/queueWorker.ts";
import { startVerifier } from "../workers/src/runtime/verifierRuntime.ts";
import { startFleet, TINY_SIM } from "../workers/test/support/fleet.ts";

const redisUrl = process.env.AOS_REDIS_URL ?? "redis://127.0.0.1:6379";
const progress = (s: string) => process.stderr.write(`${s}\n`);
const rows: [string, string, string][] = [];

async function drain(queue: Queue, makeWorker: () => Worker, jobs: number): Promise<number> {
  await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: "noop", data: { i } })));
  const started = performance.now();
  const worker = makeWorker();
  let done = 0;
  await new Promise<void>((resolve) => {
    worker.on("completed", () => {
      if (++done === jobs) resolve();
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  return jobs / seconds;
}

async function overheadRatio(): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const prefix = `aos-bench-${Date.now()}`;
  const jobs = Number(process.env.BENCH_QUEUE_JOBS ?? 20_000);
  const concurrency = 50;
  const log = createLogger({ level: "silent", name: "bench" });
  const { observer } = instrument();
  const bareRates: number[] = [];
  const oursRates: number[] = [];
  // Alternate the two, three rounds each, so drift in the machine's load hits both alike.
  for (let round = 0; round < 3; round++) {
    const bareQueue = new Queue(`bare-${round}`, { connection, prefix });
    bareRates.push(
      await drain(
        bareQueue,
        () => new Worker(`bare-${round}`, async (job) => job.data.i, { connection, prefix, concurrency }),
        jobs,
      ),
    );
    const oursQueue = new Queue(`ours-${round}`, { connection, prefix });
    oursRates.push(
      await drain(
        oursQueue,
        () =>
          createQueueWorker(`ours-${round}`, async (job) => (job.data as { i: number }).i, {
            connection,
            prefix,
            concurrency,
            log,
            observer,
          }),
        jobs,
      ),
    );
    await bareQueue.obliterate({ force: true });
    await oursQueue.obliterate({ force: true });
    await bareQueue.close();
    await oursQueue.close();
    progress(
      `queue round ${round + 1}: bare ${bareRates[round]!.toFixed(0)} jobs/s, ours ${oursRates[round]!.toFixed(0)} jobs/s`,
    );
  }
  connection.disconnect();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const bare = median(bareRates);
  const ours = median(oursRates);
  rows.push([
    "bare BullMQ worker (median of 3)",
    `${bare.toFixed(0)} jobs/s`,
    `${jobs} trivial jobs, concurrency ${concurrency}`,
  ]);
  rows.push(["AOS pipeline worker (median of 3)", `${ours.toFixed(0)} jobs/s`, "same jobs, same Redis"]);
  return bare / ours;
}

async function settledPerMinute(): Promise<number> {
  const tasks = Number(process.env.BENCH_TASKS ?? 300);
  const fleet = await startFleet({ redisUrl });
  const log = createLogger({ level: "silent", name: "bench" });
  const config = fleet.config({
    profile: { concurrency: 16, safetyMarginSeconds: 5 },
    chain: { pollIntervalMs: 50, txConcurrency: 8 },
    verifier: { concurrency: 4 },
  });
  const agent = await startAgent({ config, account: privateKeyToAccount(fleet.chain.accounts[2]!.key), log });
  // Two requesters, each with its own verifier (only a task's requester may accept or dispute it),
  // create tasks side by side, so that creation does not bound what the one agent can settle.
  const requesters = [1, 3];
  const verifiers = await Promise.all(
    requesters.map((i) => startVerifier({ config, account: privateKeyToAccount(fleet.chain.accounts[i]!.key), log })),
  );
  // One task first, so the stake top-up and thread start-up are not in the measurement.
  await fleet.createSimTask({ ...TINY_SIM, seed: "warm-up" });
  while (((await agent.ctx.status.earnings())["0x0000000000000000000000000000000000000000"] ?? 0n) === 0n)
    await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  await Promise.all(
    requesters.map(async (as, r) => {
      for (let i = r; i < tasks; i += requesters.length) await fleet.createSimTask({ ...TINY_SIM, seed: i }, { as });
    }),
  );
  const created = performance.now();
  progress(`created ${tasks} tasks in ${((created - started) / 1000).toFixed(1)} s`);
  let paid = 0;
  for (;;) {
    paid = (await agent.ctx.status.all()).filter((t) => t.stage === "paid").length - 1;
    if (paid >= tasks) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  progress(`JSON-RPC calls: ${JSON.stringify(fleet.chain.rpcCalls())}`);
  await agent.close();
  await Promise.all(verifiers.map((v) => v.close()));
  await fleet.cleanUp();
  rows.push([
    "simulation tasks settled",
    String(tasks),
    `created by 2 requesters, claimed by 1 agent, simulated, submitted, re-executed, paid in ${seconds.toFixed(1)} s`,
  ]);
  return (tasks / seconds) * 60;
}

const ratio = await overheadRatio();
const settled = await settledPerMinute();
const router = measureRouterDecisions(2000);
rows.push(["router decisions", String(router.decisions), "2 s, default five services, mixed requests"]);

console.log("| measure | value | notes |\n|---|---|---|");
for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
console.log(`\nworker_overhead_ratio target <= 1.25 (${ratio <= 1.25 ? "met" : "NOT met"})`);
console.log(`settled_tasks_per_min target >= 600 (${settled >= 600 ? "met" : "NOT met"})`);
console.log(`router_decisions_per_sec target >= 50000 (${router.perSecond >= 50_000 ? "met" : "NOT met"})`);
console.log(`worker_overhead_ratio=${ratio.toFixed(3)}`);
console.log(`settled_tasks_per_min=${Math.round(settled)}`);
console.log(`router_decisions_per_sec=${Math.round(router.perSecond)}`);
process.exit(0);
