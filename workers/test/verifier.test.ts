/**
 * The requester's verifier on a real local chain and a real Redis, with no agent runtime: agent
 * Bob claims simulation tasks and submits results by hand through the SDK. A result whose output
 * differs from the re-execution, or whose block nobody has, is disputed (the verifier puts up the
 * bond); a result built the way the agent builds it is accepted at once.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type AosWriteContext,
  claimTask,
  getTask,
  getTaskSpec,
  stakingVaultAbi,
  submitResult,
  TASK_TYPES,
  type TaskStateName,
  taskEscrowAbi,
} from "@aos/sdk";
import { createWalletClient, type Hex, http, keccak256, parseEther, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { storeResult } from "../src/agent/resultNode.ts";
import { jobId, type WorkJob } from "../src/queues.ts";
import { cidFromDigest } from "../src/results/cid.ts";
import { startVerifier, type VerifierRuntime } from "../src/runtime/verifierRuntime.ts";
import { runSimulation } from "../src/sim/runSimulation.ts";
import { parseSimInput, SIM_INPUT_SCHEMA, simOutputNode } from "../src/sim/simTask.ts";
import type { Verdict } from "../src/verifier/verifyResult.ts";
import { startFleet, TINY_SIM } from "./support/fleet.ts";

const WAIT_MS = 60_000;

let fleet: Awaited<ReturnType<typeof startFleet>>;
let verifier: VerifierRuntime;
let bob: AosWriteContext;
let seed = 100;

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const read = () => ({ publicClient: fleet.publicClient as never, addresses: fleet.chain.addresses });
const stateOf = async (taskId: bigint) => (await getTask(read(), taskId)).state;

/** Waits until the task reaches `state`; fails at once if it settles in another final state. */
async function settles(taskId: bigint, state: TaskStateName): Promise<void> {
  const final: readonly TaskStateName[] = ["Disputed", "Accepted", "Rejected", "Expired", "Cancelled", "Voided"];
  const reached = await until(`task ${taskId} ${state}`, async () => {
    const s = await stateOf(taskId);
    return s === state || final.includes(s) ? s : undefined;
  });
  assert.equal(reached, state, `task ${taskId}`);
}

/** The verifier's verdict on a task (the verify job's return value). */
async function verdictOf(taskId: bigint): Promise<Verdict> {
  return until(`verdict on task ${taskId}`, async () => {
    const job = await verifier.queues.verify.getJob(jobId.verify(String(taskId)));
    return job?.finishedOn ? (job.returnvalue as Verdict) : undefined;
  });
}

/**
 * A simulation task from the requester, claimed by Bob. Returns once the verifier has read the
 * task's creation: it only verifies tasks whose creation it handled in an earlier watcher pass
 * than their submission (see "a verifier catching up" below).
 */
async function claimedTask(): Promise<{ taskId: bigint; job: WorkJob }> {
  const taskId = await fleet.createSimTask({ ...TINY_SIM, seed: seed++ });
  const spec = await getTaskSpec(read(), taskId);
  await until(
    `the verifier to read task ${taskId}'s creation`,
    async () => verifier.watcher.lastBlock >= spec.createdAtBlock,
  );
  await claimTask(bob, taskId, spec);
  assert.equal(await stateOf(taskId), "Claimed");
  return {
    taskId,
    job: {
      taskId: String(taskId),
      taskType: TASK_TYPES.dcosSimulation,
      inputCid: spec.inputHash,
      chainId: fleet.chain.chainId,
      escrow: fleet.chain.addresses.taskEscrow,
      agent: bob.walletClient.account.address,
      deadline: spec.deadline,
    },
  };
}

/** What the agent's simulation processor computes for a task: the output node of a real run. */
async function simulate(job: WorkJob) {
  const inputCid = cidFromDigest(job.inputCid as Hex);
  const { params } = parseSimInput(await fleet.store.getNode(inputCid), { maxNodes: 1_000_000 });
  const summary = await runSimulation(params);
  return { inputCid, summary };
}

/** The TaskDisputed event of a task: the requester opened it and bonded the claim's stake. */
async function assertDisputedByRequester(taskId: bigint) {
  const events = await fleet.publicClient.getContractEvents({
    address: fleet.chain.addresses.taskEscrow,
    abi: taskEscrowAbi,
    eventName: "TaskDisputed",
    args: { taskId },
    fromBlock: 0n,
  });
  assert.equal(events.length, 1);
  assert.equal(events[0]!.args.requester, fleet.requester.address);
  const stake = await fleet.publicClient.readContract({
    address: fleet.chain.addresses.taskEscrow,
    abi: taskEscrowAbi,
    functionName: "stakeOf",
    args: [taskId],
  });
  const dispute = await fleet.publicClient.readContract({
    address: fleet.chain.addresses.taskEscrow,
    abi: taskEscrowAbi,
    functionName: "disputeOf",
    args: [taskId],
  });
  assert.ok(stake > 0n);
  assert.equal(dispute.bond, stake, "the verifier bonded the claim's stake");
  assert.equal(events[0]!.args.bond, stake);
}

before(async () => {
  fleet = await startFleet();
  const bobAccount = fleet.chain.accounts[2]!;
  bob = {
    publicClient: fleet.publicClient as never,
    walletClient: createWalletClient({
      chain: hardhat,
      transport: http(fleet.chain.rpcUrl),
      account: privateKeyToAccount(bobAccount.key),
    }) as never,
    addresses: fleet.chain.addresses,
  };
  // Bob's standing stake: the escrow refuses claims from agents without one.
  const deposit = await bob.walletClient.writeContract({
    address: fleet.chain.addresses.stakingVault,
    abi: stakingVaultAbi,
    functionName: "deposit",
    value: parseEther("1"),
    chain: bob.walletClient.chain,
  });
  await fleet.publicClient.waitForTransactionReceipt({ hash: deposit });
  verifier = await startVerifier({
    config: fleet.config(),
    account: privateKeyToAccount(fleet.requester.key),
    log: fleet.log,
  });
});

after(async () => {
  await verifier?.close();
  await fleet?.cleanUp();
});

describe("the requester's verifier", () => {
  it("disputes a result whose simulation output was tampered with", async () => {
    const { taskId, job } = await claimedTask();
    const { inputCid, summary } = await simulate(job);
    const tampered = { ...summary, events: summary.events + 1 };
    const result = await storeResult(fleet.store, job, simOutputNode(inputCid, tampered));
    await submitResult(bob, taskId, result.digest);

    await settles(taskId, "Disputed");
    const verdict = await verdictOf(taskId);
    assert.equal(verdict.match, false);
    assert.match(
      verdict.match ? "" : verdict.reason,
      new RegExp(`^output ${result.outputCid} differs from the re-execution's `),
    );
    await assertDisputedByRequester(taskId);
  });

  it("disputes a result digest whose block is in no store", async () => {
    const { taskId } = await claimedTask();
    const digest = keccak256(toHex(`no such block ${taskId} ${Date.now()}`));
    assert.equal(await fleet.store.has(cidFromDigest(digest)), false);
    await submitResult(bob, taskId, digest);

    await settles(taskId, "Disputed");
    const verdict = await verdictOf(taskId);
    assert.equal(verdict.match, false);
    assert.match(verdict.match ? "" : verdict.reason, new RegExp(`^result ${digest} unusable: ContentNotFoundError`));
    await assertDisputedByRequester(taskId);
  });

  it("disputes a correct output under a result node that names another task", async () => {
    const { taskId, job } = await claimedTask();
    const { inputCid, summary } = await simulate(job);
    const result = await storeResult(
      fleet.store,
      { ...job, taskId: String(taskId + 1000n) },
      simOutputNode(inputCid, summary),
    );
    await submitResult(bob, taskId, result.digest);

    await settles(taskId, "Disputed");
    const verdict = await verdictOf(taskId);
    assert.equal(verdict.match, false);
    assert.equal(verdict.match ? "" : verdict.reason, `result names task ${taskId + 1000n}, not ${taskId}`);
  });

  it("disputes a result that links another input", async () => {
    const { taskId, job } = await claimedTask();
    const other = await fleet.store.put({ schema: SIM_INPUT_SCHEMA, params: { ...TINY_SIM, seed: 999_999 } });
    const { params } = parseSimInput(await fleet.store.getNode(other.cid), { maxNodes: 1_000_000 });
    const output = simOutputNode(other.cid, await runSimulation(params));
    const result = await storeResult(fleet.store, { ...job, inputCid: other.digest }, output);
    await submitResult(bob, taskId, result.digest);

    await settles(taskId, "Disputed");
    const verdict = await verdictOf(taskId);
    assert.equal(verdict.match, false);
    assert.equal(verdict.match ? "" : verdict.reason, "result links another input");
  });

  it("accepts a result built the way the agent builds it, and Bob is paid", async () => {
    const { taskId, job } = await claimedTask();
    const { inputCid, summary } = await simulate(job);
    const result = await storeResult(fleet.store, job, simOutputNode(inputCid, summary));
    await submitResult(bob, taskId, result.digest);

    await settles(taskId, "Accepted");
    const verdict = await verdictOf(taskId);
    assert.deepEqual(verdict, { match: true, outputCid: result.outputCid });
    const accepted = await fleet.publicClient.getContractEvents({
      address: fleet.chain.addresses.taskEscrow,
      abi: taskEscrowAbi,
      eventName: "TaskAccepted",
      args: { taskId },
      fromBlock: 0n,
    });
    assert.equal(accepted.length, 1);
    assert.equal(accepted[0]!.args.agent, bob.walletClient.account.address);
    assert.equal(accepted[0]!.args.byTimeout, false);
    // Accepted at once, long before the hour-long review window would have closed.
    const task = await getTask(read(), taskId);
    assert.ok(task.reviewEndsAt > (await fleet.now()), "accepted inside the review window");
  });
});

describe("a verifier catching up", () => {
  // A task created, claimed and submitted between two passes: the pass reads its creation and
  // its submission together (after a restart, with confirmations, or behind a fast agent).
  it("verifies a task whose creation and submission it reads in one pass", async () => {
    // Creation, claim and submission all land while the watcher is paused: its next pass reads them together.
    await verifier.watcher.stop();
    let taskId = 0n;
    try {
      taskId = await fleet.createSimTask({ ...TINY_SIM, seed: seed++ });
      await claimTask(bob, taskId);
      await submitResult(bob, taskId, keccak256(toHex(`no such block ${taskId} ${Date.now()}`)));
    } finally {
      verifier.watcher.start();
    }
    const head = await fleet.publicClient.getBlockNumber();
    await until("the verifier to catch up", async () => verifier.watcher.lastBlock >= head);
    await until(`task ${taskId} disputed`, async () => (await stateOf(taskId)) === "Disputed", 15_000);
  });
});
