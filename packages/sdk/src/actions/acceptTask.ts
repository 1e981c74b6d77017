import type { Hash } from "viem";
import { taskEscrowAbi } from "../generated/abis.ts";
import type { AosWriteContext } from "../types.ts";

/** The requester accepts a submitted result: the agent is paid. Resolves once mined. */
export async function acceptTask(context: AosWriteContext, taskId: bigint): Promise<Hash> {
  const { publicClient, walletClient, addresses } = context;
  const hash = await walletClient.writeContract({
    address: addresses.taskEscrow,
    abi: taskEscrowAbi,
    functionName: "accept",
    args: [taskId],
    chain: walletClient.chain,
  });
  await publicClient.waitForTransactionReceipt({ hash });
  return hash;
}
