/**
 * Turns anything a write can throw into plain words and what to do about it: a decoded custom
 * error of any AOS contract, a rejection in the wallet, a wrong network, too little ETH.
 */
import {
  agentTimelockAbi,
  decodeAosError,
  demoTokenAbi,
  personhoodRegistryAbi,
  reputationGovernorAbi,
  reputationVotesAbi,
} from "@aos/sdk";
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from "viem";

export type ExplainedError = {
  /** The error's name (a contract's custom error, or a wallet/transport error class). */
  name: string;
  /** One sentence saying what went wrong. */
  title: string;
  /** What to do about it. */
  hint: string;
};

const governanceErrorsAbi = [
  ...reputationGovernorAbi,
  ...agentTimelockAbi,
  ...personhoodRegistryAbi,
  ...reputationVotesAbi,
  ...demoTokenAbi,
].filter((item) => item.type === "error");

/** Plain words for the governance, personhood and token errors (the SDK explains the task economy's). */
const HINTS: Record<string, [string, string]> = {
  ReputationGovernorUnknownProposal: ["There is no such proposal.", "Reload the proposals list."],
  ReputationGovernorProposalExists: [
    "The same proposal already exists.",
    "Change its description or actions, or vote on the existing one.",
  ],
  ReputationGovernorEmptyProposal: ["A proposal needs at least one action.", "Add an action and try again."],
  ReputationGovernorBelowThreshold: [
    "Your voting power is below the proposal threshold.",
    "Earn karma or ask others to delegate to you, then propose again.",
  ],
  ReputationGovernorTooManyOpenProposals: [
    "You already have as many open proposals as allowed.",
    "Wait until one of them is decided.",
  ],
  ReputationGovernorWrongState: [
    "The proposal is not in the state this needs.",
    "Check its state and countdown: voting may not be open yet, or be over.",
  ],
  ReputationGovernorAlreadyVoted: ["You have already voted on this proposal.", "Each account votes once."],
  ReputationGovernorNoHumanHouse: [
    "This proposal has no human house vote.",
    "Only proposals that change protected settings ask verified humans.",
  ],
  ReputationGovernorWrongScope: ["The proof was made for another proposal.", "Generate the proof again here."],
  ReputationGovernorWrongMessage: ["The proof does not match the vote you chose.", "Generate the proof again."],
  ReputationGovernorNullifierUsed: [
    "Your identity has already voted on this proposal.",
    "Each verified human votes once.",
  ],
  ReputationGovernorActionsMismatch: ["The actions do not match the proposal.", "Reload the proposal and retry."],
  AgentTimelockWrongState: [
    "This request is not in its veto window.",
    "Reload: it may have been executed, cancelled or vetoed already, or its delay has run out.",
  ],
  AgentTimelockVetoPending: ["This request has vetoes and cannot run yet.", "Wait for its extended countdown to end."],
  AgentTimelockNullifierUsed: [
    "Your identity has already vetoed this request.",
    "Each verified human can veto a request once.",
  ],
  AgentTimelockWrongScope: ["The proof was made for another request.", "Generate the veto proof again."],
  AgentTimelockWrongMessage: ["The proof was made for another request.", "Generate the veto proof again."],
  AgentTimelockUnknownRequest: ["There is no such request.", "Reload the timelock list."],
  AgentTimelockNotAgent: [
    "Only registered agents can submit requests to the timelock.",
    "Ask governance to register this address as an agent.",
  ],
  AgentTimelockBudgetExceeded: ["The agent's request budget for this epoch is spent.", "Wait for the next epoch."],
  PersonhoodRegistryRootExpired: [
    "The group has changed since the proof's root was valid.",
    "Generate the proof again: it will use the current group.",
  ],
  PersonhoodRegistryRootRetired: [
    "The proof's group root was retired (a member was removed).",
    "Generate the proof again: it will use the current group.",
  ],
  PersonhoodRegistryUnknownRoot: [
    "The proof's group root is not known to the registry.",
    "Generate the proof again: it will use the current group.",
  ],
  PersonhoodRegistryInvalidProof: [
    "The registry rejected the proof.",
    "Make sure your identity is the one a registrar added, then try again.",
  ],
  PersonhoodRegistryGroupEmpty: ["No verified human is registered yet.", "A registrar must add members first."],
  PersonhoodRegistryNotRegistrar: ["Only a registrar can add members.", "Give your commitment to a registrar."],
  PersonhoodRegistryCommitmentUsed: ["This commitment is already registered.", "Nothing more to do."],
  PersonhoodRegistryInvalidCommitment: ["This is not a valid commitment.", "Copy it again from the identity page."],
  ReputationVotesZeroDelegate: ["Pick an address to delegate to.", "Enter the delegate's address."],
  ReputationVotesSelfDelegation: ["You cannot delegate to yourself.", "Revoke instead to vote with your own power."],
  ReputationVotesCycle: [
    "This delegation would make a cycle.",
    "Delegate to someone whose chain does not lead back to you.",
  ],
  ReputationVotesChainTooLong: [
    "This delegation chain would be longer than allowed.",
    "Delegate to someone closer to the end of the chain.",
  ],
  ReputationVotesInvalidExpiry: ["The expiry is too far or in the past.", "Pick an expiry within the allowed span."],
  ReputationVotesNotDelegating: ["You are not delegating.", "Nothing to revoke."],
  ReputationVotesDelegationRefused: ["This account refuses delegations.", "Pick another delegate."],
  ReputationVotesTooManyDelegators: ["This delegate has too many delegators.", "Pick another delegate."],
  ReputationVotesTooManyDelegates: ["This delegate has too many delegators.", "Pick another delegate."],
  ERC20InsufficientAllowance: ["The token allowance is too small.", "Approve the bounty amount first."],
  ERC20InsufficientBalance: ["You do not hold enough of this token.", "Lower the bounty or get more tokens."],
};

function splitHint(message: string): [string, string] {
  const at = message.indexOf(": ");
  return at < 0 ? [message, "Check the values and try again."] : [message.slice(0, at), message.slice(at + 2)];
}

function revertData(error: unknown): Hex | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current && typeof current === "object"; depth++) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && data.startsWith("0x") && data.length >= 10) return data as Hex;
    if (data && typeof data === "object" && typeof (data as { data?: unknown }).data === "string")
      return (data as { data: Hex }).data;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function decodeGovernance(error: unknown): { name: string; args: readonly unknown[] } | undefined {
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName)
      return { name: reverted.data.errorName, args: reverted.data.args ?? [] };
  }
  const data = revertData(error);
  if (!data) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: governanceErrorsAbi, data });
    return { name: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return undefined;
  }
}

function hasName(error: unknown, names: string[]): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current && typeof current === "object"; depth++) {
    const e = current as { name?: string; code?: number; cause?: unknown };
    if (e.name && names.includes(e.name)) return true;
    if (e.code === 4001 && names.includes("UserRejectedRequestError")) return true;
    current = e.cause;
  }
  return false;
}

export function explainError(error: unknown): ExplainedError {
  if (hasName(error, ["UserRejectedRequestError"]))
    return {
      name: "UserRejectedRequestError",
      title: "You rejected the request in your wallet.",
      hint: "Nothing was sent. Try again when you are ready.",
    };
  if (hasName(error, ["ChainMismatchError", "ChainNotConfiguredError", "SwitchChainError"]))
    return {
      name: "ChainMismatchError",
      title: "Your wallet is on another network.",
      hint: "Switch to the AOS network with the button at the top of the page.",
    };
  if (hasName(error, ["InsufficientFundsError"]))
    return {
      name: "InsufficientFundsError",
      title: "Your account does not hold enough ETH for this and its gas.",
      hint: "Lower the amount or fund the account.",
    };
  if (hasName(error, ["ConnectorNotConnectedError", "ConnectorAccountNotFoundError"]))
    return { name: "ConnectorNotConnectedError", title: "No wallet is connected.", hint: "Connect a wallet first." };

  const governance = decodeGovernance(error);
  if (governance && HINTS[governance.name]) {
    const [title, hint] = HINTS[governance.name]!;
    return { name: governance.name, title, hint };
  }
  const economy = decodeAosError(error);
  if (economy) {
    const [title, hint] = splitHint(economy.message.replace(/^\w+\([^)]*\): /, ""));
    return economy.message.includes(": ")
      ? { name: economy.name, title, hint }
      : {
          name: economy.name,
          title: `The contract refused: ${economy.name}.`,
          hint: "Check the values and try again.",
        };
  }
  if (governance)
    return {
      name: governance.name,
      title: `The contract refused: ${governance.name}.`,
      hint: "Check the values and the item's state, then try again.",
    };
  const short =
    error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
  return {
    name: error instanceof Error ? error.name : "Error",
    title: short.split("\n")[0] ?? "The transaction failed.",
    hint: "Check your connection to the network and try again.",
  };
}
