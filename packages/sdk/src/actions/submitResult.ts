import type { Hash } from "viem";
import { taskEscrowAbi } from "../generated/abis.ts";
import type { AosWriteContext } from "../types.ts";

/** Submits the digest of a result's CID for a claimed task. Resolves once mined. */
export async function submitResult(context: AosWriteContext, taskId: bigint, resultHash: `0x${string}`): Promise<Hash> {
  const { publicClient, walletClient, addresses } = context;
  const hash = await walletClient.writeContract({
    address: addresses.taskEscrow,
    abi: taskEscrowAbi,
    functionName: "submitResult",
    args: [taskId, resultHash],
    chain: walletClient.chain,
  });
  await publicClient.waitForTransactionReceipt({ hash });
  return hash;
}
