import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from "viem";
import { juryAbi, karmaRegistryAbi, stakingVaultAbi, taskEscrowAbi } from "./generated/abis.ts";

/** Every custom error any AOS contract can raise, for decoding reverts that crossed contracts. */
export const aosErrorsAbi = [...taskEscrowAbi, ...stakingVaultAbi, ...karmaRegistryAbi, ...juryAbi].filter(
  (item) => item.type === "error",
);

export type DecodedAosError = { name: string; args: readonly unknown[]; message: string };

/** Plain-words explanations with what to do next, by custom error name. */
const HINTS: Record<string, string> = {
  TaskEscrowWrongState: "The task is not in the state this action needs; reload it to see where it stands.",
  TaskEscrowDeadlinePassed: "The task's deadline has passed; it can only be expired now.",
  TaskEscrowNotRequester: "Only the task's requester can do this; switch to the account that created it.",
  TaskEscrowNotAgent: "Only the agent holding the claim can do this.",
  TaskEscrowRequirementsMismatch:
    "The requirements sent with the claim are not the task's; read them from its TaskCreated event.",
  TaskEscrowReviewWindowClosed: "The review window is over: the result can no longer be disputed, only finalised.",
  TaskEscrowReviewWindowOpen: "The requester's review window is still open; finalising is possible once it closes.",
  TaskEscrowWrongValue: "The amount of ETH sent does not match; send exactly the bounty (or the dispute bond).",
  TaskEscrowTransferShortfall:
    "The token delivered less than requested (a fee-on-transfer token); allow a shortfall or use another token.",
  TaskEscrowTrustDepthTooLow:
    "This subtask is deeper than the delegation depth your agent accepts; raise it with setTrustDepth.",
  KarmaRegistryRequirementNotMet: "Your karma in a required dimension is below the task's minimum.",
  StakingVaultStandingTooLow: "Your standing stake is below the minimum; deposit more ETH stake or get a vouch.",
  StakingVaultInsufficientFree: "Not enough free stake for this; deposit more stake in this asset.",
  StakingVaultWithdrawalNotReady: "Nothing is unbonding, or the unbonding delay has not passed yet.",
  JuryAlreadyCommitted: "You have already voted in this case.",
  JuryCommitClosed: "The commit period of this case is over.",
  JuryRevealClosed: "The reveal period is not open.",
  EnforcedPause: "The protocol is paused by its guardian for new entries; exits still work.",
};

/** Decodes a revert from any AOS contract into its custom error name, arguments and a hint. */
export function decodeAosError(error: unknown): DecodedAosError | undefined {
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      if (reverted.data?.errorName) return explain(reverted.data.errorName, reverted.data.args ?? []);
      if (reverted.raw) return decodeRaw(reverted.raw);
    }
  }
  const raw = findRevertData(error);
  return raw ? decodeRaw(raw) : undefined;
}

function decodeRaw(data: Hex): DecodedAosError | undefined {
  try {
    const decoded = decodeErrorResult({ abi: aosErrorsAbi, data });
    return explain(decoded.errorName, decoded.args ?? []);
  } catch {
    return undefined;
  }
}

function explain(name: string, args: readonly unknown[]): DecodedAosError {
  const rendered = args.map((a) => (typeof a === "bigint" ? a.toString() : String(a))).join(", ");
  const hint = HINTS[name];
  return { name, args, message: `${name}(${rendered})${hint ? `: ${hint}` : ""}` };
}

function findRevertData(error: unknown): Hex | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === "object"; depth++) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && data.startsWith("0x") && data.length >= 10) return data as Hex;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
