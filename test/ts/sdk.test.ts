import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type AosWriteContext,
  acceptTask,
  claimTask,
  createTask,
  decodeAosError,
  demoTokenAbi,
  getTask,
  getTaskSpec,
  KARMA_ONE,
  readKarma,
  requirementsCommitment,
  stakingVaultAbi,
  submitResult,
  taskEscrowAbi,
} from "@aos/sdk";
import { network } from "hardhat";
import { getAddress, keccak256, parseEther, toHex } from "viem";
import { dimensionId } from "../../deploy/dimensions.ts";
import DemoTokenModule from "../../deploy/modules/DemoToken.ts";
import TaskEconomyModule from "../../deploy/modules/TaskEconomy.ts";

const DAY = 86_400n;
const CODE_REVIEW = dimensionId("accuracy.code_review");

describe("@aos/sdk helpers against a deployed economy", async () => {
  const connection = await network.create();
  const { karma, vault, escrow, jury } = await connection.ignition.deploy(TaskEconomyModule);
  const { demoToken } = await connection.ignition.deploy(DemoTokenModule);
  const publicClient = await connection.viem.getPublicClient();
  const [, requester, agent, newcomer] = await connection.viem.getWalletClients();
  if (!requester || !agent || !newcomer) throw new Error("need 4 accounts");
  const addresses = {
    karmaRegistry: karma.address,
    stakingVault: vault.address,
    taskEscrow: escrow.address,
    jury: jury.address,
  };
  const as = (walletClient: typeof agent): AosWriteContext => ({ publicClient, walletClient, addresses });
  const deadline = async () => (await publicClient.getBlock()).timestamp + DAY;
  const resultDigest = keccak256(toHex("a result"));

  await publicClient.waitForTransactionReceipt({
    hash: await agent.writeContract({
      address: vault.address,
      abi: stakingVaultAbi,
      functionName: "deposit",
      value: parseEther("1"),
    }),
  });

  it("takes a native task from creation to payment, and the agent's karma and earnings rise", async () => {
    const { taskId } = await createTask(as(requester), {
      amount: parseEther("1"),
      inputHash: keccak256(toHex("input")),
      taskType: 1,
      domain: CODE_REVIEW,
      deadline: await deadline(),
      reviewWindow: Number(DAY),
    });
    assert.equal((await getTask(as(agent), taskId)).state, "Open");
    await claimTask(as(agent), taskId);
    assert.equal((await getTask(as(agent), taskId)).state, "Claimed");
    await submitResult(as(agent), taskId, resultDigest);
    const submitted = await getTask(as(agent), taskId);
    assert.equal(submitted.state, "Submitted");
    assert.equal(submitted.agent.toLowerCase(), agent.account.address);
    assert.equal(submitted.reviewEndsAt, submitted.submittedAt + Number(DAY));

    const before = await publicClient.getBalance({ address: agent.account.address });
    await acceptTask(as(requester), taskId);
    const after = await publicClient.getBalance({ address: agent.account.address });
    // Payment (1 ETH) plus the stake back (0.1 ETH); the agent paid no gas for the accept.
    assert.equal(after - before, parseEther("1.1"));
    assert.equal((await getTask(as(agent), taskId)).state, "Accepted");

    const vector = await readKarma(as(agent), agent.account.address);
    const accuracy = vector.dimensions.find((d) => d.id === CODE_REVIEW);
    assert.equal(accuracy?.value, KARMA_ONE / 10n, "one success moves accuracy from 0 to alpha = 0.1");
    assert.equal(vector.tasksCompleted, 1);
    assert.equal(vector.totalEarnedNative, parseEther("1"));
  });

  it("claims a token task with karma requirements read from its TaskCreated event", async () => {
    await publicClient.waitForTransactionReceipt({
      hash: await requester.writeContract({
        address: demoToken.address,
        abi: demoTokenAbi,
        functionName: "mint",
        args: [requester.account.address, parseEther("500")],
      }),
    });
    await publicClient.waitForTransactionReceipt({
      hash: await agent.writeContract({
        address: demoToken.address,
        abi: demoTokenAbi,
        functionName: "mint",
        args: [agent.account.address, parseEther("50")],
      }),
    });
    const requirements = [{ dimension: CODE_REVIEW, minimum: KARMA_ONE / 20n }];
    const { taskId } = await createTask(as(requester), {
      token: demoToken.address,
      amount: parseEther("200"),
      inputHash: keccak256(toHex("token input")),
      taskType: 1,
      domain: CODE_REVIEW,
      deadline: await deadline(),
      reviewWindow: Number(DAY),
      requirements,
      skills: [],
    });
    const spec = await getTaskSpec(as(agent), taskId);
    assert.deepEqual(spec.requirements, requirements);
    const stored = await publicClient.readContract({
      address: escrow.address,
      abi: taskEscrowAbi,
      functionName: "getTask",
      args: [taskId],
    });
    assert.equal(stored.requirementsCommitment, requirementsCommitment(requirements, []));
    await claimTask(as(agent), taskId, spec);
    assert.equal((await getTask(as(agent), taskId)).state, "Claimed");
  });

  it("turns a revert into its custom error name, arguments and a hint", async () => {
    const { taskId } = await createTask(as(requester), {
      amount: parseEther("0.1"),
      inputHash: keccak256(toHex("x")),
      taskType: 1,
      domain: CODE_REVIEW,
      deadline: await deadline(),
      reviewWindow: Number(DAY),
    });
    await publicClient.waitForTransactionReceipt({
      hash: await newcomer.writeContract({
        address: vault.address,
        abi: stakingVaultAbi,
        functionName: "deposit",
        value: parseEther("0.001"),
      }),
    });
    const error = await claimTask(as(newcomer), taskId).then(
      () => undefined,
      (e: unknown) => e,
    );
    const decoded = decodeAosError(error);
    assert.equal(decoded?.name, "StakingVaultStandingTooLow");
    assert.deepEqual(decoded?.args, [getAddress(newcomer.account.address), parseEther("0.001"), parseEther("0.01")]);
    assert.match(decoded?.message ?? "", /deposit more ETH stake/);
  });
});
