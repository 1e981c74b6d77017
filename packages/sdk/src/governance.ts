import { type Log, parseEventLogs } from "viem";
import { reputationGovernorAbi } from "./generated/abis.ts";

/** Raised when a receipt holds no ProposalCreated event of the governor. */
export class AosNoProposalError extends Error {
  override name = "AosNoProposalError";
}

/**
 * The id of the proposal a `propose` transaction created, read from its receipt's logs.
 * The id hashes the proposal's snapshot (the second before its block), so a simulation made
 * before the block is mined cannot know it: always read it from the receipt.
 */
export function proposalIdFromLogs(logs: readonly Log[]): bigint {
  const [created] = parseEventLogs({ abi: reputationGovernorAbi, logs: [...logs], eventName: "ProposalCreated" });
  if (!created) throw new AosNoProposalError("no ProposalCreated event in these logs: not a propose transaction?");
  return created.args.proposalId;
}
