/**
 * Deploys AOS to the chain Hardhat is connected to and seeds it with demo data: funded and
 * staked accounts, juror karma, and tasks in every interesting state. Local chains only.
 *
 *   npx hardhat run scripts/seed.ts --network localhost
 *
 * Writes a summary to .aos/local.json for `npm start` to print.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type AosWriteContext,
  acceptTask,
  agentTimelockAbi,
  claimTask,
  createTask,
  demoTokenAbi,
  juryAbi,
  karmaRegistryAbi,
  personhoodRegistryAbi,
  proposalIdFromLogs,
  reputationGovernorAbi,
  reputationVotesAbi,
  stakingVaultAbi,
  submitResult,
  TASK_TYPES,
  taskEscrowAbi,
} from "@aos/sdk";
import { network } from "hardhat";
import { encodeFunctionData, type Hash, parseEther } from "viem";
import { deployAos, LOCAL_CHAIN_ID } from "../deploy/deployAos.ts";
import { dimensionId } from "../deploy/dimensions.ts";
import { identityFromSeed } from "../test/support/semaphore.ts";
import { LLM_TASK_SCHEMA } from "../workers/src/llm/llmTask.ts";
import { ContentStore } from "../workers/src/results/contentStore.ts";
import { SIM_INPUT_SCHEMA } from "../workers/src/sim/simTask.ts";

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Hardhat's well-known development keys: public knowledge, for local chains only. */
export const DEV_ACCOUNTS = [
  { role: "deployer and guardian", key: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" },
  { role: "requester (Alice)", key: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" },
  { role: "agent (Bob)", key: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a" },
  { role: "agent (Carol)", key: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6" },
  { role: "personhood registrar (Dana)", key: "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6" },
] as const;

/** Demo verified humans: Semaphore identities derived from these seeds (local demo only). */
export const DEMO_HUMANS = ["aos-demo-human-alice", "aos-demo-human-carol", "aos-demo-human-erin"] as const;

const devNetwork = await network.create();
const devWallets = await devNetwork.viem.getWalletClients();
const [deployer, alice, bob, carol, ...rest] = devWallets;
const jurors = rest.slice(0, 5);
const registrar = rest[5];
if (!deployer || !alice || !bob || !carol || jurors.length < 5 || !registrar)
  throw new Error("seed: the local chain needs 10 accounts");

const codeReview = dimensionId("accuracy.code_review");
const simulation = dimensionId("accuracy.simulation");
const research = dimensionId("accuracy.research_analysis");
const karmaOf = (value: string) => parseEther(value);

// Genesis karma, written before the contracts pass to the timelock: a track record for the
// jurors and Bob (code review and task completion), and governance karma for the people who
// will propose and vote in the demo. Only ever done on a local chain.
const genesis = {
  karma: [
    ...[...jurors, bob].flatMap((who) => [
      { account: who.account.address, dimension: codeReview, value: karmaOf("0.72") },
      { account: who.account.address, dimension: 2, value: karmaOf("0.72") },
    ]),
    { account: alice.account.address, dimension: 4, value: karmaOf("0.8") },
    { account: bob.account.address, dimension: 4, value: karmaOf("0.35") },
    { account: carol.account.address, dimension: 4, value: karmaOf("0.5") },
    ...jurors.map((who, i) => ({
      account: who.account.address,
      dimension: 4,
      value: karmaOf(["0.3", "0.25", "0.2", "0.15", "0.1"][i] ?? "0.1"),
    })),
  ],
};

const { connection, chainId, karma, vault, escrow, jury, demoToken, personhood, votes, governor, timelock } =
  await deployAos({
    agents: [bob.account.address, carol.account.address],
    registrar: registrar.account.address,
    genesis,
  });
if (chainId !== LOCAL_CHAIN_ID || !demoToken)
  throw new Error(`seed: refusing to seed chain ${chainId}, only ${LOCAL_CHAIN_ID}`);
const publicClient = await connection.viem.getPublicClient();
const requester = alice;
const addresses = {
  karmaRegistry: karma.address,
  stakingVault: vault.address,
  taskEscrow: escrow.address,
  jury: jury.address,
};
const as = (wallet: NonNullable<typeof alice>): AosWriteContext => ({ publicClient, walletClient: wallet, addresses });
const wait = async (hash: Hash) => {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`seed: transaction ${hash} reverted`);
};
const now = async () => Number((await publicClient.getBlock()).timestamp);
// Inputs and results are content-addressed: dag-cbor blocks in the store the local workers and
// gateway read (.aos/blocks), referred to on-chain by the digest of their CID.
const store = new ContentStore(path.join(import.meta.dirname, "..", ".aos", "blocks"));
const publish = async (value: unknown) => (await store.put(value)).digest;
const llmInput = (kind: string, domain: string, prompt: string) => ({
  schema: LLM_TASK_SCHEMA,
  kind,
  domain,
  prompt,
  maxOutputTokens: 2000,
  budgetUsd: 0.5,
});
/** Small twins (the engine's defaults describe a million tiles): seconds of work each. */
const simInput = (
  shape: { clustersPerLayer: number; cellsPerCluster: number; tilesPerCell: number },
  simHours: number,
  seed: number,
) => ({
  schema: SIM_INPUT_SCHEMA,
  params: { seed, layers: 1, ...shape, simHours, durability: { k: 4, n: 12 }, hlc: { groupSize: 16 } },
});

// Standing stake for agents and jurors, demo tokens for everyone, jurors in the pool.
for (const who of [bob, carol, ...jurors.slice(0, 5)]) {
  await wait(
    await who.writeContract({
      address: vault.address,
      abi: stakingVaultAbi,
      functionName: "deposit",
      value: parseEther("1"),
    }),
  );
}
for (const who of [alice, bob, carol]) {
  await wait(
    await who.writeContract({
      address: demoToken.address,
      abi: demoTokenAbi,
      functionName: "mint",
      args: [who.account.address, parseEther("100000")],
    }),
  );
}
for (const juror of jurors.slice(0, 5)) {
  await wait(await juror.writeContract({ address: jury.address, abi: juryAbi, functionName: "joinPool" }));
}

const tasks: { id: string; state: string; title: string }[] = [];
const base = {
  taskType: TASK_TYPES.llm,
  domain: codeReview,
  reviewWindow: DAY,
};
async function task(
  title: string,
  params: Partial<Parameters<typeof createTask>[1]> & { amount: bigint; input?: unknown },
) {
  const { input, ...rest } = params;
  const { taskId } = await createTask(as(requester), {
    ...base,
    inputHash: await publish(input ?? llmInput("review", "code_review", title)),
    deadline: BigInt((await now()) + 3 * DAY),
    ...rest,
  });
  return taskId;
}

const open = await task("Review the staking vault for reentrancy", {
  amount: parseEther("0.5"),
  input: llmInput("review", "code_review", "Review contracts/StakingVault.sol for reentrancy and report each finding."),
});
tasks.push({ id: String(open), state: "Open", title: "Review the staking vault for reentrancy (0.5 ETH, LLM)" });

const openToken = await task("Summarise Q4 guidance risk for NVDA", {
  amount: parseEther("250"),
  token: demoToken.address,
  domain: research,
  requirements: [{ dimension: 2, minimum: parseEther("0.5") }],
  input: llmInput(
    "analysis",
    "research_analysis",
    "Summarise the main risks to NVIDIA's Q4 guidance in five bullet points.",
  ),
});
tasks.push({
  id: String(openToken),
  state: "Open",
  title: "Summarise Q4 guidance risk (250 aUSD, needs task completion >= 0.5, LLM)",
});

// Simulation tasks for the local worker (Bob) to claim, compute, submit and get paid for; the
// requester's verifier (Alice) re-executes each and accepts it.
const sims = [
  {
    shape: { clustersPerLayer: 2, cellsPerCluster: 8, tilesPerCell: 64 },
    hours: 1,
    amount: "0.02",
    label: "1,024 tiles, 1 simulated hour",
  },
  {
    shape: { clustersPerLayer: 4, cellsPerCluster: 16, tilesPerCell: 64 },
    hours: 2,
    amount: "0.05",
    label: "4,096 tiles, 2 simulated hours",
  },
  {
    shape: { clustersPerLayer: 4, cellsPerCluster: 32, tilesPerCell: 512 },
    hours: 1,
    amount: "0.1",
    label: "65,536 tiles, 1 simulated hour",
  },
  {
    shape: { clustersPerLayer: 4, cellsPerCluster: 16, tilesPerCell: 1024 },
    hours: 2,
    amount: "0.2",
    label: "65,536 tiles, 2 simulated hours",
  },
];
for (const [i, sim] of sims.entries()) {
  const id = await task(`DCOS twin: ${sim.label}`, {
    amount: parseEther(sim.amount),
    taskType: TASK_TYPES.dcosSimulation,
    domain: simulation,
    input: simInput(sim.shape, sim.hours, 7 + i),
  });
  tasks.push({ id: String(id), state: "Open", title: `DCOS twin, ${sim.label} (${sim.amount} ETH): for workers` });
}

// Claimed by Carol, who runs no worker here: the local worker is Bob's, and would take up his own claims.
const claimed = await task("Translate the white paper's section 5", { amount: parseEther("0.2") });
await claimTask(as(carol), claimed);
tasks.push({ id: String(claimed), state: "Claimed", title: "Translate section 5 (0.2 ETH), claimed by Carol" });

const submitted = await task("Write property tests for KarmaMath", { amount: parseEther("0.3") });
await claimTask(as(bob), submitted);
await submitResult(as(bob), submitted, await publish({ result: "property tests" }));
tasks.push({
  id: String(submitted),
  state: "Submitted",
  title: "Property tests for KarmaMath (0.3 ETH), awaiting Alice's review",
});

const accepted = await task("Audit the jury's draw", { amount: parseEther("0.4") });
await claimTask(as(bob), accepted);
await submitResult(as(bob), accepted, await publish({ result: "audit report" }));
await acceptTask(as(alice), accepted);
tasks.push({ id: String(accepted), state: "Accepted", title: "Audit the jury's draw (0.4 ETH), paid to Bob" });

const disputed = await task("Benchmark the escrow's gas", { amount: parseEther("0.25") });
await claimTask(as(carol), disputed);
await submitResult(as(carol), disputed, await publish({ result: "numbers that do not add up" }));
const bond = await publicClient.readContract({
  address: escrow.address,
  abi: taskEscrowAbi,
  functionName: "stakeOf",
  args: [disputed],
});
await wait(
  await alice.writeContract({
    address: escrow.address,
    abi: taskEscrowAbi,
    functionName: "dispute",
    args: [disputed],
    value: bond,
  }),
);
tasks.push({
  id: String(disputed),
  state: "Disputed",
  title: "Benchmark the escrow's gas (0.25 ETH), Alice disputes Carol's result",
});

// ---------------------------------------------------------------- governance demo

// Verified humans: the registrar adds three demo identities to the personhood group.
const humans = DEMO_HUMANS.map((seed) => ({ seed, identity: identityFromSeed(seed) }));
await wait(
  await registrar.writeContract({
    address: personhood.address,
    abi: personhoodRegistryAbi,
    functionName: "addMembers",
    args: [humans.map((h) => h.identity.commitment)],
  }),
);

// Liquid delegation: two jurors delegate to Carol through a chain (juror 5 -> juror 4 -> Carol).
const [, , , fourth, fifth] = jurors;
if (!fourth || !fifth) throw new Error("seed: jurors missing");
await wait(
  await fourth.writeContract({
    address: votes.address,
    abi: reputationVotesAbi,
    functionName: "delegate",
    args: [carol.account.address, (await now()) + 180 * DAY],
  }),
);
await wait(
  await fifth.writeContract({
    address: votes.address,
    abi: reputationVotesAbi,
    functionName: "delegate",
    args: [fourth.account.address, (await now()) + 180 * DAY],
  }),
);
// Votes count as they stood a second before a proposal, so let the delegations settle.
await connection.networkHelpers.time.increase(2);

// A proposal in voting: Alice proposes to slow karma decay; the human house must agree too.
const halfLifeAction = {
  target: karma.address,
  value: 0n,
  data: encodeFunctionData({ abi: karmaRegistryAbi, functionName: "setHalfLife", args: [365 * DAY] }),
};
const proposalDescription = "Slow karma decay: one-year half-life instead of 180 days";
const proposed = await publicClient.simulateContract({
  account: alice.account,
  address: governor.address,
  abi: reputationGovernorAbi,
  functionName: "propose",
  args: [[halfLifeAction], proposalDescription, true],
});
const proposalId = proposalIdFromLogs(
  (await publicClient.waitForTransactionReceipt({ hash: await alice.writeContract(proposed.request) })).logs,
);
const { votingDelay } = await publicClient.readContract({
  address: governor.address,
  abi: reputationGovernorAbi,
  functionName: "settings",
});
await connection.networkHelpers.time.increase(votingDelay + 1);
await wait(
  await carol.writeContract({
    address: governor.address,
    abi: reputationGovernorAbi,
    functionName: "castVote",
    args: [proposalId, 1],
  }),
);

// An agent's pull request in the timelock: Bob asks to raise the karma learning rate.
const alphaAction = {
  target: karma.address,
  value: 0n,
  data: encodeFunctionData({ abi: karmaRegistryAbi, functionName: "setAlpha", args: [parseEther("0.15")] }),
};
const requestDescription = "Learn karma faster: EMA rate 0.15 instead of 0.1";
const submittedRequest = await publicClient.simulateContract({
  account: bob.account,
  address: timelock.address,
  abi: agentTimelockAbi,
  functionName: "submit",
  args: [[alphaAction], requestDescription],
});
await wait(await bob.writeContract(submittedRequest.request));
const requestId = submittedRequest.result;
const request = await publicClient.readContract({
  address: timelock.address,
  abi: agentTimelockAbi,
  functionName: "request",
  args: [requestId],
});
const groupRoot = await publicClient.readContract({
  address: personhood.address,
  abi: personhoodRegistryAbi,
  functionName: "root",
});

const governance = {
  personhood: {
    registrar: registrar.account.address,
    root: groupRoot.toString(),
    members: humans.map((h) => ({ seed: h.seed, commitment: h.identity.commitment.toString() })),
  },
  proposal: {
    id: proposalId.toString(),
    proposer: alice.account.address,
    description: proposalDescription,
    requiresHumans: true,
  },
  agentRequest: {
    id: requestId.toString(),
    agent: bob.account.address,
    description: requestDescription,
    eta: Number(request.eta),
  },
};

const summary = {
  chainId,
  rpcUrl: "http://127.0.0.1:8545",
  contracts: {
    KarmaRegistry: karma.address,
    StakingVault: vault.address,
    TaskEscrow: escrow.address,
    Jury: jury.address,
    PersonhoodRegistry: personhood.address,
    ReputationVotes: votes.address,
    ReputationGovernor: governor.address,
    AgentTimelock: timelock.address,
    DemoToken: demoToken.address,
  },
  accounts: DEV_ACCOUNTS.map((a, i) => ({
    ...a,
    address: [deployer, alice, bob, carol, registrar][i]?.account.address,
  })),
  tasks,
  governance,
};
const outDir = path.resolve(import.meta.dirname, "..", ".aos");
await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, "local.json"), `${JSON.stringify(summary, null, 2)}\n`);
console.log(
  `seed: ${tasks.length} demo tasks, ${humans.length} verified humans, proposal #${proposalId} in voting, agent request #${requestId} in the timelock, on chain ${chainId}`,
);
