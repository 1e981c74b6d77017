/**
 * End to end on a real local chain and a real Redis: a requester creates simulation tasks, the
 * agent worker tops up its standing stake, claims, simulates in sandboxed threads, submits a
 * content-addressed result; the requester's verifier re-executes, accepts, and the agent is paid.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getTask, stakingVaultAbi, taskEscrowAbi } from "@aos/sdk";
import { privateKeyToAccount } from "viem/accounts";
import { type AgentRuntime, startAgent } from "../src/runtime/agentRuntime.ts";
import { startVerifier, type VerifierRuntime } from "../src/runtime/verifierRuntime.ts";
import { startFleet } from "./support/fleet.ts";

let fleet: Awaited<ReturnType<typeof startFleet>>;
let agent: AgentRuntime;
let verifier: VerifierRuntime;

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  fleet = await startFleet();
  const bob = fleet.chain.accounts[2]!;
  agent = await startAgent({
    config: fleet.config(),
    account: privateKeyToAccount(bob.key),
    log: fleet.log,
    reconcileEveryMs: 1000,
  });
  verifier = await startVerifier({
    config: fleet.config(),
    account: privateKeyToAccount(fleet.requester.key),
    log: fleet.log,
  });
});

after(async () => {
  await agent?.close();
  await verifier?.close();
  await fleet?.cleanUp();
});

test("simulation tasks go from creation to paid, each claimed and submitted once", async () => {
  const ids = [];
  for (let i = 0; i < 5; i++)
    ids.push(await fleet.createSimTask({ ...(await import("./support/fleet.ts")).TINY_SIM, seed: i }));
  const read = { publicClient: fleet.publicClient as never, addresses: fleet.chain.addresses };
  for (const id of ids) await until(`task ${id} accepted`, async () => (await getTask(read, id)).state === "Accepted");
  const bob = fleet.chain.accounts[2]!.address;
  const claims = await fleet.publicClient.getContractEvents({
    address: fleet.chain.addresses.taskEscrow,
    abi: taskEscrowAbi,
    eventName: "TaskClaimed",
    fromBlock: 0n,
  });
  assert.equal(claims.length, ids.length);
  assert.ok(claims.every((c) => c.args.agent === bob));
  // The agent's standing stake was topped up by the worker itself before its first claim.
  const balance = await fleet.publicClient.readContract({
    address: fleet.chain.addresses.stakingVault,
    abi: stakingVaultAbi,
    functionName: "balanceOf",
    args: [bob, "0x0000000000000000000000000000000000000000"],
  });
  assert.ok(balance.free + balance.locked >= 10n ** 18n);
  await until(
    "earnings counted",
    async () => (await agent.ctx.status.earnings())["0x0000000000000000000000000000000000000000"] === 5n * 10n ** 16n,
  );
});

test("a malformed input is skipped with a named reason and the task stays open", async () => {
  const id = await fleet.createSimTask(undefined, { input: { schema: "aos/dcos-sim-task/1", params: { layers: -3 } } });
  const status = await until("skip recorded", async () => {
    const s = await agent.ctx.status.get(String(id));
    return s?.stage === "skipped" ? s : undefined;
  });
  assert.match(status.detail, /MalformedSimInputError/);
  const task = await getTask({ publicClient: fleet.publicClient as never, addresses: fleet.chain.addresses }, id);
  assert.equal(task.state, "Open");
});
