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
  claimTask,
  createTask,
  demoTokenAbi,
  juryAbi,
  karmaRegistryAbi,
  stakingVaultAbi,
  submitResult,
  TASK_TYPES,
  taskEscrowAbi,
} from "@aos/sdk";
import { type Hash, parseEther, sha256, stringToHex } from "viem";
import { deployAos, LOCAL_CHAIN_ID } from "../deploy/deployAos.ts";
import { dimensionId } from "../deploy/dimensions.ts";

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Hardhat's well-known development keys: public knowledge, for local chains only. */
export const DEV_ACCOUNTS = [
  { role: "deployer, owner and guardian", key: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" },
  { role: "requester (Alice)", key: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" },
  { role: "agent (Bob)", key: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a" },
  { role: "agent (Carol)", key: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6" },
] as const;

const { connection, chainId, karma, vault, escrow, jury, demoToken } = await deployAos();
if (chainId !== LOCAL_CHAIN_ID || !demoToken)
  throw new Error(`seed: refusing to seed chain ${chainId}, only ${LOCAL_CHAIN_ID}`);
const publicClient = await connection.viem.getPublicClient();
const [deployer, alice, bob, carol, ...jurors] = await connection.viem.getWalletClients();
if (!deployer || !alice || !bob || !carol || jurors.length < 5)
  throw new Error("seed: the local chain needs 9 accounts");
const requester = alice;
const addresses = {
  karmaRegistry: karma.address,
  stakingVault: vault.address,
  taskEscrow: escrow.address,
  jury: jury.address,
};
const as = (wallet: NonNullable<typeof alice>): AosWriteContext => ({ publicClient, walletClient: wallet, addresses });
const wait = async (hash: Hash) => {
  await publicClient.waitForTransactionReceipt({ hash });
};
const now = async () => Number((await publicClient.getBlock()).timestamp);
const inputHash = (input: unknown) => sha256(stringToHex(JSON.stringify(input)));

const codeReview = dimensionId("accuracy.code_review");
const simulation = dimensionId("accuracy.simulation");
const research = dimensionId("accuracy.research_analysis");

// Karma for the jurors (and a track record for Bob): the owner authorises itself as an updater
// for the seed and withdraws the right afterwards. Only ever done on a local chain.
await wait(
  await deployer.writeContract({
    address: karma.address,
    abi: karmaRegistryAbi,
    functionName: "setUpdater",
    args: [deployer.account.address, true],
  }),
);
for (const who of [...jurors.slice(0, 5), bob]) {
  for (let i = 0; i < 12; i++) {
    for (const dim of [codeReview, 2]) {
      await wait(
        await deployer.writeContract({
          address: karma.address,
          abi: karmaRegistryAbi,
          functionName: "recordOutcome",
          args: [who.account.address, dim, 10n ** 18n, 10n ** 18n],
        }),
      );
    }
  }
}
await wait(
  await deployer.writeContract({
    address: karma.address,
    abi: karmaRegistryAbi,
    functionName: "setUpdater",
    args: [deployer.account.address, false],
  }),
);

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
async function task(title: string, params: Partial<Parameters<typeof createTask>[1]> & { amount: bigint }) {
  const { taskId } = await createTask(as(requester), {
    ...base,
    inputHash: inputHash({ title }),
    deadline: BigInt((await now()) + 3 * DAY),
    ...params,
  });
  return taskId;
}

const open = await task("Review the staking vault for reentrancy", { amount: parseEther("0.5") });
tasks.push({ id: String(open), state: "Open", title: "Review the staking vault for reentrancy (0.5 ETH)" });

const openToken = await task("Summarise Q4 guidance risk for NVDA", {
  amount: parseEther("250"),
  token: demoToken.address,
  domain: research,
  requirements: [{ dimension: 2, minimum: parseEther("0.5") }],
});
tasks.push({
  id: String(openToken),
  state: "Open",
  title: "Summarise Q4 guidance risk (250 aUSD, needs task completion >= 0.5)",
});

const sim = await task("DCOS twin: 4,096 tiles for 2 simulated hours, seed 7", {
  amount: parseEther("0.05"),
  taskType: TASK_TYPES.dcosSimulation,
  domain: simulation,
});
tasks.push({ id: String(sim), state: "Open", title: "DCOS twin simulation, 4,096 tiles (0.05 ETH): for workers" });

const claimed = await task("Translate the white paper's section 5", { amount: parseEther("0.2") });
await claimTask(as(bob), claimed);
tasks.push({ id: String(claimed), state: "Claimed", title: "Translate section 5 (0.2 ETH), claimed by Bob" });

const submitted = await task("Write property tests for KarmaMath", { amount: parseEther("0.3") });
await claimTask(as(bob), submitted);
await submitResult(as(bob), submitted, inputHash({ result: "property tests" }));
tasks.push({
  id: String(submitted),
  state: "Submitted",
  title: "Property tests for KarmaMath (0.3 ETH), awaiting Alice's review",
});

const accepted = await task("Audit the jury's draw", { amount: parseEther("0.4") });
await claimTask(as(bob), accepted);
await submitResult(as(bob), accepted, inputHash({ result: "audit report" }));
await acceptTask(as(alice), accepted);
tasks.push({ id: String(accepted), state: "Accepted", title: "Audit the jury's draw (0.4 ETH), paid to Bob" });

const disputed = await task("Benchmark the escrow's gas", { amount: parseEther("0.25") });
await claimTask(as(carol), disputed);
await submitResult(as(carol), disputed, inputHash({ result: "numbers that do not add up" }));
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

const summary = {
  chainId,
  rpcUrl: "http://127.0.0.1:8545",
  contracts: {
    KarmaRegistry: karma.address,
    StakingVault: vault.address,
    TaskEscrow: escrow.address,
    Jury: jury.address,
    DemoToken: demoToken.address,
  },
  accounts: DEV_ACCOUNTS.map((a, i) => ({ ...a, address: [deployer, alice, bob, carol][i]?.account.address })),
  tasks,
};
const outDir = path.resolve(import.meta.dirname, "..", ".aos");
await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, "local.json"), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`seed: ${tasks.length} demo tasks on chain ${chainId}`);
