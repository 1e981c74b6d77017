import { erc20Abi, type Hash } from "viem";
import { taskEscrowAbi } from "../generated/abis.ts";
import { type AosWriteContext, NATIVE_ASSET } from "../types.ts";
import { getTaskSpec, type TaskSpec } from "./getTaskSpec.ts";

/**
 * Claims a task for the wallet's account. Opens the task's requirements commitment (read from its
 * TaskCreated event unless `spec` is given) and puts up the claim's stake: sent along for a native
 * bounty, approved and pulled for a token bounty. The account also needs a standing stake in the
 * StakingVault. Resolves once mined.
 */
export async function claimTask(context: AosWriteContext, taskId: bigint, spec?: TaskSpec): Promise<Hash> {
  const { publicClient, walletClient, addresses } = context;
  const { requirements, skills, token } = spec ?? (await getTaskSpec(context, taskId));
  const stake = await publicClient.readContract({
    address: addresses.taskEscrow,
    abi: taskEscrowAbi,
    functionName: "stakeOf",
    args: [taskId],
  });
  const isNative = token === NATIVE_ASSET;
  if (!isNative && stake > 0n) {
    const allowance = await publicClient.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [walletClient.account.address, addresses.taskEscrow],
    });
    if (allowance < stake) {
      const approval = await walletClient.writeContract({
        address: token,
        abi: erc20Abi,
        functionName: "approve",
        args: [addresses.taskEscrow, stake],
        chain: walletClient.chain,
      });
      await publicClient.waitForTransactionReceipt({ hash: approval });
    }
  }
  const hash = await walletClient.writeContract({
    address: addresses.taskEscrow,
    abi: taskEscrowAbi,
    functionName: "claim",
    args: [taskId, requirements.map((r) => ({ dimension: r.dimension, minimum: r.minimum })), skills],
    value: isNative ? stake : 0n,
    chain: walletClient.chain,
  });
  await publicClient.waitForTransactionReceipt({ hash });
  return hash;
}
