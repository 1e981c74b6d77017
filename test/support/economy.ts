/**
 * A deployed task economy on a Hardhat network connection, with typed helpers for the steps of
 * a task's life. Shared by the gas benchmark and the TypeScript tests. ABIs come from the
 * generated bindings (@aos/sdk); the contracts are deployed by the same Ignition modules as
 * production.
 */
import {
  type AosAddresses,
  demoTokenAbi,
  juryAbi,
  karmaRegistryAbi,
  NATIVE_ASSET,
  stakingVaultAbi,
  taskEscrowAbi,
} from "@aos/sdk";
import type { NetworkConnection } from "hardhat/types/network";
import { encodeAbiParameters, type Hash, keccak256, parseEventLogs, toHex } from "viem";
import { dimensionId } from "../../deploy/dimensions.ts";
import DemoTokenModule from "../../deploy/modules/DemoToken.ts";
import TaskEconomyModule from "../../deploy/modules/TaskEconomy.ts";

export type Row = [string, bigint | number | string, ...(bigint | number | string)[]];
export type Economy = Awaited<ReturnType<typeof setUpEconomy>>;

export const CODE_REVIEW = dimensionId("accuracy.code_review");
const DAY = 86_400;

export async function setUpEconomy(connection: NetworkConnection<"generic">) {
  const { karma, vault, escrow, jury } = await connection.ignition.deploy(TaskEconomyModule);
  const { demoToken } = await connection.ignition.deploy(DemoTokenModule);
  const publicClient = await connection.viem.getPublicClient();
  const wallets = await connection.viem.getWalletClients();
  const [deployer, requester, agent, ...others] = wallets;
  if (!deployer || !requester || !agent || others.length < 8) throw new Error("need at least 11 accounts");
  const addresses: AosAddresses = {
    karmaRegistry: karma.address,
    stakingVault: vault.address,
    taskEscrow: escrow.address,
    jury: jury.address,
  };
  const token = demoToken.address;
  const jurors = others.slice(0, 7);
  const { networkHelpers } = connection;

  type Wallet = (typeof wallets)[number];
  /** Waits for a sent transaction and fails loudly if it reverted. */
  const confirm = async (sent: Promise<Hash>) => {
    const hash = await sent;
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return hash;
  };

  let taskCounter = 0;
  const economy = {
    connection,
    publicClient,
    addresses,
    token,
    deployer,
    requester,
    agent,
    jurors,

    async passTime(seconds: number) {
      await networkHelpers.time.increase(seconds);
    },
    async mineBlocks(count: number) {
      await networkHelpers.mine(count);
    },

    /** Stakes the agent in ETH and in the demo token. */
    async prepareAgent(amount: bigint) {
      await confirm(
        agent.writeContract({
          address: addresses.stakingVault,
          abi: stakingVaultAbi,
          functionName: "deposit",
          value: amount,
          chain: undefined,
        }),
      );
      await confirm(
        agent.writeContract({
          address: token,
          abi: demoTokenAbi,
          functionName: "mint",
          args: [agent.account.address, amount],
          chain: undefined,
        }),
      );
      await confirm(
        agent.writeContract({
          address: token,
          abi: demoTokenAbi,
          functionName: "approve",
          args: [addresses.stakingVault, amount],
          chain: undefined,
        }),
      );
      await confirm(
        agent.writeContract({
          address: addresses.stakingVault,
          abi: stakingVaultAbi,
          functionName: "depositToken",
          args: [token, amount],
          chain: undefined,
        }),
      );
      // Claims of token tasks pull their stake from the agent's wallet.
      await confirm(
        agent.writeContract({
          address: token,
          abi: demoTokenAbi,
          functionName: "mint",
          args: [agent.account.address, amount],
          chain: undefined,
        }),
      );
      await confirm(
        agent.writeContract({
          address: token,
          abi: demoTokenAbi,
          functionName: "approve",
          args: [addresses.taskEscrow, 2n ** 255n],
          chain: undefined,
        }),
      );
      await confirm(
        requester.writeContract({
          address: token,
          abi: demoTokenAbi,
          functionName: "mint",
          args: [requester.account.address, amount * 100n],
          chain: undefined,
        }),
      );
      await confirm(
        requester.writeContract({
          address: token,
          abi: demoTokenAbi,
          functionName: "approve",
          args: [addresses.taskEscrow, amount * 100n],
          chain: undefined,
        }),
      );
    },

    /** Gives `count` jurors stake and karma in the code-review domain, and puts them in the pool. */
    async prepareJurors(count: number) {
      // Test-only: the deployer (owner) authorises itself to seed karma, then withdraws the right.
      await confirm(
        deployer.writeContract({
          address: addresses.karmaRegistry,
          abi: karmaRegistryAbi,
          functionName: "setUpdater",
          args: [deployer.account.address, true],
          chain: undefined,
        }),
      );
      for (const juror of jurors.slice(0, count)) {
        for (let i = 0; i < 20; i++) {
          await confirm(
            deployer.writeContract({
              address: addresses.karmaRegistry,
              abi: karmaRegistryAbi,
              functionName: "recordOutcome",
              args: [juror.account.address, CODE_REVIEW, 10n ** 18n, 10n ** 18n],
              chain: undefined,
            }),
          );
        }
        await confirm(
          juror.writeContract({
            address: addresses.stakingVault,
            abi: stakingVaultAbi,
            functionName: "deposit",
            value: 10n ** 17n,
            chain: undefined,
          }),
        );
        await confirm(
          juror.writeContract({ address: addresses.jury, abi: juryAbi, functionName: "joinPool", chain: undefined }),
        );
      }
      await confirm(
        deployer.writeContract({
          address: addresses.karmaRegistry,
          abi: karmaRegistryAbi,
          functionName: "setUpdater",
          args: [deployer.account.address, false],
          chain: undefined,
        }),
      );
    },

    async createTask(asset: "eth" | "erc20", amount = 10n ** 18n) {
      const latest = await publicClient.getBlock();
      taskCounter++;
      const hash = await confirm(
        requester.writeContract({
          address: addresses.taskEscrow,
          abi: taskEscrowAbi,
          functionName: "createTask",
          args: [
            {
              token: asset === "eth" ? NATIVE_ASSET : token,
              amount,
              exactAmount: false,
              inputHash: keccak256(toHex(`input-${taskCounter}`)),
              taskType: 1,
              domain: CODE_REVIEW,
              deadline: Number(latest.timestamp) + DAY,
              reviewWindow: DAY,
              stakeBps: 0,
              maxDelegationDepth: 0,
              requirements: [],
              skills: [],
            },
          ],
          value: asset === "eth" ? amount : 0n,
          chain: undefined,
        }),
      );
      const receipt = await publicClient.getTransactionReceipt({ hash });
      const [created] = parseEventLogs({ abi: taskEscrowAbi, eventName: "TaskCreated", logs: receipt.logs });
      if (!created) throw new Error("no TaskCreated event");
      return { taskId: created.args.taskId, gas: receipt.gasUsed, hash };
    },
    /** Claims with the stake sent along (native) or pulled (token, pre-approved by prepareAgent). */
    async claim(taskId: bigint): Promise<Hash> {
      const task = await publicClient.readContract({
        address: addresses.taskEscrow,
        abi: taskEscrowAbi,
        functionName: "getTask",
        args: [taskId],
      });
      const stake = await publicClient.readContract({
        address: addresses.taskEscrow,
        abi: taskEscrowAbi,
        functionName: "stakeOf",
        args: [taskId],
      });
      const value = task.token !== NATIVE_ASSET ? 0n : stake;
      return confirm(
        agent.writeContract({
          address: addresses.taskEscrow,
          abi: taskEscrowAbi,
          functionName: "claim",
          args: [taskId, [], []],
          value,
          chain: undefined,
        }),
      );
    },
    submit: (taskId: bigint): Promise<Hash> =>
      confirm(
        agent.writeContract({
          address: addresses.taskEscrow,
          abi: taskEscrowAbi,
          functionName: "submitResult",
          args: [taskId, keccak256(toHex(`result-${taskId}`))],
          chain: undefined,
        }),
      ),
    accept: (taskId: bigint): Promise<Hash> =>
      confirm(
        requester.writeContract({
          address: addresses.taskEscrow,
          abi: taskEscrowAbi,
          functionName: "accept",
          args: [taskId],
          chain: undefined,
        }),
      ),
    expire: (taskId: bigint): Promise<Hash> =>
      confirm(
        deployer.writeContract({
          address: addresses.taskEscrow,
          abi: taskEscrowAbi,
          functionName: "expire",
          args: [taskId],
          chain: undefined,
        }),
      ),
    async dispute(taskId: bigint, asset: "eth" | "erc20"): Promise<Hash> {
      const bond = await publicClient.readContract({
        address: addresses.taskEscrow,
        abi: taskEscrowAbi,
        functionName: "stakeOf",
        args: [taskId],
      });
      return confirm(
        requester.writeContract({
          address: addresses.taskEscrow,
          abi: taskEscrowAbi,
          functionName: "dispute",
          args: [taskId],
          value: asset === "eth" ? bond : 0n,
          chain: undefined,
        }),
      );
    },
    async latestCaseId(): Promise<bigint> {
      const logs = await publicClient.getContractEvents({
        address: addresses.jury,
        abi: juryAbi,
        eventName: "CaseOpened",
        fromBlock: 0n,
      });
      const last = logs.at(-1);
      if (!last) throw new Error("no case opened");
      return last.args.caseId as bigint;
    },
    draw: (caseId: bigint): Promise<Hash> =>
      confirm(
        deployer.writeContract({
          address: addresses.jury,
          abi: juryAbi,
          functionName: "draw",
          args: [caseId],
          chain: undefined,
        }),
      ),
    async jurorsOf(caseId: bigint) {
      const drawn = await publicClient.readContract({
        address: addresses.jury,
        abi: juryAbi,
        functionName: "jurorsOf",
        args: [caseId],
      });
      return drawn.map((address) => {
        const wallet = wallets.find((w) => w.account.address.toLowerCase() === address.toLowerCase());
        if (!wallet) throw new Error(`juror ${address} is not a local account`);
        return wallet;
      });
    },
    commitVote: (juror: Wallet, caseId: bigint, commitment: `0x${string}`): Promise<Hash> =>
      confirm(
        juror.writeContract({
          address: addresses.jury,
          abi: juryAbi,
          functionName: "commitVote",
          args: [caseId, commitment],
          chain: undefined,
        }),
      ),
    revealVote: (juror: Wallet, caseId: bigint, vote: number, salt: `0x${string}`): Promise<Hash> =>
      confirm(
        juror.writeContract({
          address: addresses.jury,
          abi: juryAbi,
          functionName: "revealVote",
          args: [caseId, vote, salt],
          chain: undefined,
        }),
      ),
    resolve: (caseId: bigint): Promise<Hash> =>
      confirm(
        deployer.writeContract({
          address: addresses.jury,
          abi: juryAbi,
          functionName: "resolve",
          args: [caseId],
          chain: undefined,
        }),
      ),
  };
  return economy;
}

/** keccak256(abi.encode(caseId, juror, vote, salt)), as Jury.commitmentFor computes it. */
export function jurorCommitment(
  caseId: bigint,
  juror: { account: { address: `0x${string}` } },
  vote: number,
  salt: `0x${string}`,
): `0x${string}` {
  return keccak256(
    encodeAbiParameters(
      [{ type: "uint256" }, { type: "address" }, { type: "uint8" }, { type: "bytes32" }],
      [caseId, juror.account.address, vote, salt],
    ),
  );
}

/** Prints an aligned table: the first column left-aligned, the others right-aligned. */
export function printTable(title: string, header: string[], rows: Row[]) {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const r of cells.slice(1)) console.log(line(r));
}
