import { erc20Abi, type Hash, parseEventLogs } from "viem";
import { taskEscrowAbi } from "../generated/abis.ts";
import { type AosWriteContext, type KarmaRequirement, NATIVE_ASSET } from "../types.ts";

export type CreateTaskParameters = {
  /** ERC-20 address, or omitted / NATIVE_ASSET for the native asset. */
  token?: `0x${string}`;
  amount: bigint;
  /** Revert instead of accepting less when a token delivers less than `amount`. */
  exactAmount?: boolean;
  /** Digest of the input's CID. */
  inputHash: `0x${string}`;
  taskType: number;
  /** Karma dimension id of the task's domain (the accuracy dimension its outcome updates). */
  domain: number;
  /** Unix time (seconds) by which a result must be submitted. */
  deadline: bigint;
  /** Seconds the requester has to accept or dispute. */
  reviewWindow: number;
  /** Agent stake as basis points of the bounty; 0 or omitted: the default (10%). */
  stakeBps?: number;
  maxDelegationDepth?: number;
  requirements?: readonly KarmaRequirement[];
  skills?: readonly number[];
  /** For ERC-20 bounties: approve the escrow first when the allowance is short (default true). */
  approve?: boolean;
};

export type CreateTaskReturnType = { taskId: bigint; hash: Hash };

/** Creates a task with its bounty locked in escrow and returns its id once mined. */
export async function createTask(
  context: AosWriteContext,
  parameters: CreateTaskParameters,
): Promise<CreateTaskReturnType> {
  const { publicClient, walletClient, addresses } = context;
  const token = parameters.token ?? NATIVE_ASSET;
  const isNative = token === NATIVE_ASSET;
  if (!isNative && parameters.approve !== false) {
    const owner = walletClient.account.address;
    const allowance = await publicClient.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [owner, addresses.taskEscrow],
    });
    if (allowance < parameters.amount) {
      const approval = await walletClient.writeContract({
        address: token,
        abi: erc20Abi,
        functionName: "approve",
        args: [addresses.taskEscrow, parameters.amount],
        chain: walletClient.chain,
      });
      await publicClient.waitForTransactionReceipt({ hash: approval });
    }
  }
  const hash = await walletClient.writeContract({
    address: addresses.taskEscrow,
    abi: taskEscrowAbi,
    functionName: "createTask",
    args: [
      {
        token,
        amount: parameters.amount,
        exactAmount: parameters.exactAmount ?? false,
        inputHash: parameters.inputHash,
        taskType: parameters.taskType,
        domain: parameters.domain,
        deadline: Number(parameters.deadline),
        reviewWindow: parameters.reviewWindow,
        stakeBps: parameters.stakeBps ?? 0,
        maxDelegationDepth: parameters.maxDelegationDepth ?? 0,
        requirements: (parameters.requirements ?? []).map((r) => ({ dimension: r.dimension, minimum: r.minimum })),
        skills: [...(parameters.skills ?? [])],
      },
    ],
    value: isNative ? parameters.amount : 0n,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  const [created] = parseEventLogs({ abi: taskEscrowAbi, eventName: "TaskCreated", logs: receipt.logs });
  if (!created) throw new Error(`createTask: transaction ${hash} emitted no TaskCreated event`);
  return { taskId: created.args.taskId, hash };
}
