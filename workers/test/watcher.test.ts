/**
 * The chain watcher on a real local chain and Redis: resumable from its cursor, confirmations
 * honoured, a reorganisation below the cursor re-read (a snapshot reverted, other blocks mined in
 * their place), and an unreachable node not mistaken for a reorganisation.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { taskEscrowAbi } from "@aos/sdk";
import { Redis } from "ioredis";
import { ChainWatcher } from "../src/chain/watcher.ts";
import { startFleet, TINY_SIM } from "./support/fleet.ts";

let fleet: Awaited<ReturnType<typeof startFleet>>;
let redis: Redis;

before(async () => {
  fleet = await startFleet();
  redis = new Redis("redis://127.0.0.1:6379");
});

after(async () => {
  redis.disconnect();
  await fleet.cleanUp();
});

type Seen = { event: string; taskId: bigint; inputHash?: string };

function watcher(cursorKey: string, confirmations = 0, publicClient: unknown = fleet.publicClient) {
  const seen: Seen[] = [];
  const warnings: string[] = [];
  const log = {
    warn: (_: unknown, msg: string) => warnings.push(msg),
    info: () => undefined,
    debug: () => undefined,
  };
  const w = new ChainWatcher({
    publicClient: publicClient as never,
    redis,
    cursorKey: `${fleet.prefix}:${cursorKey}`,
    address: fleet.chain.addresses.taskEscrow,
    abi: taskEscrowAbi,
    startBlock: 0n,
    confirmations,
    pollIntervalMs: 20,
    log: log as never,
    onLogs: async (logs) => {
      for (const l of logs as unknown as { eventName: string; args: { taskId: bigint; inputHash?: string } }[])
        seen.push({ event: l.eventName, taskId: l.args.taskId, inputHash: l.args.inputHash });
    },
  });
  return { w, seen, warnings };
}

const rpc = (method: string, params: unknown[] = []) =>
  fleet.chain.connection.provider.request({ method, params }) as Promise<unknown>;

test("resumes from its cursor: a second watcher on the same key sees only what is new", async () => {
  const first = watcher("resume");
  const a = await fleet.createSimTask({ ...TINY_SIM, seed: "a" });
  await first.w.poll();
  assert.ok(first.seen.some((s) => s.event === "TaskCreated" && s.taskId === a));
  const b = await fleet.createSimTask({ ...TINY_SIM, seed: "b" });
  const second = watcher("resume");
  await second.w.poll();
  assert.deepEqual(
    second.seen.map((s) => s.taskId),
    [b],
  );
});

test("waits for confirmations before a log becomes a job", async () => {
  const { w, seen } = watcher("confirm", 2);
  await rpc("hardhat_mine", ["0x3"]);
  await w.poll();
  seen.length = 0;
  const id = await fleet.createSimTask({ ...TINY_SIM, seed: "c" });
  await w.poll();
  assert.equal(seen.length, 0, "not yet buried under 2 blocks");
  await rpc("hardhat_mine", ["0x2"]);
  await w.poll();
  assert.deepEqual(
    seen.map((s) => s.taskId),
    [id],
  );
});

test("a reorganisation below the cursor is read again, with the new chain's logs", async () => {
  const { w, seen, warnings } = watcher("reorg");
  await w.poll();
  const snapshot = await rpc("evm_snapshot");
  const replaced = await fleet.createSimTask({ ...TINY_SIM, seed: "old branch" });
  await w.poll();
  const oldLog = seen.find((s) => s.taskId === replaced);
  assert.ok(oldLog);
  // The branch is dropped; the same task id is created again with another input, and one more
  // block makes the new branch longer.
  await rpc("evm_revert", [snapshot]);
  const again = await fleet.createSimTask({ ...TINY_SIM, seed: "new branch" });
  await rpc("hardhat_mine", ["0x1"]);
  assert.equal(again, replaced);
  seen.length = 0;
  await w.poll();
  assert.ok(warnings.includes("reorganisation below the cursor"));
  const newLog = seen.find((s) => s.event === "TaskCreated" && s.taskId === again);
  assert.ok(newLog, "the new branch's TaskCreated is delivered");
  assert.notEqual(newLog.inputHash, oldLog.inputHash);
});

test("an unreachable node fails the pass, keeps the cursor, and is not taken for a reorganisation", async () => {
  // The node answers the head but not the block under the cursor: a network error, not a
  // missing block.
  let failBlocks = false;
  const flaky = Object.create(fleet.publicClient) as typeof fleet.publicClient;
  flaky.getBlock = ((args: never) => {
    if (failBlocks) return Promise.reject(new Error("fetch failed"));
    return fleet.publicClient.getBlock(args);
  }) as never;
  const { w, seen, warnings } = watcher("outage", 0, flaky);
  await fleet.createSimTask({ ...TINY_SIM, seed: "before" });
  await w.poll();
  const cursor = await redis.hgetall(`${fleet.prefix}:outage`);
  const id = await fleet.createSimTask({ ...TINY_SIM, seed: "during" });
  failBlocks = true;
  await assert.rejects(w.poll(), /fetch failed/);
  fleet.chain.setReachable(false);
  try {
    await assert.rejects(w.poll());
  } finally {
    fleet.chain.setReachable(true);
    failBlocks = false;
  }
  assert.deepEqual(await redis.hgetall(`${fleet.prefix}:outage`), cursor);
  seen.length = 0;
  await w.poll();
  assert.deepEqual(
    seen.map((s) => s.taskId),
    [id],
  );
  assert.deepEqual(warnings, [], "no reorganisation was reported");
});
