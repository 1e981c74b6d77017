import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";

/** Task states in the escrow's numeric order (the index is the on-chain value). */
export const TASK_STATES = [
  "None",
  "Open",
  "Claimed",
  "Submitted",
  "Disputed",
  "Accepted",
  "Rejected",
  "Expired",
  "Cancelled",
  "Voided",
] as const;
export type TaskStateName = (typeof TASK_STATES)[number];

/** The native asset (ETH on Ethereum) is address(0) wherever the contracts take an asset. */
export const NATIVE_ASSET = "0x0000000000000000000000000000000000000000" as const;

/** Karma values are fixed-point with 18 decimals: 1e18 is 1.0. */
export const KARMA_ONE = 10n ** 18n;

export type KarmaRequirement = { dimension: number; minimum: bigint };

export type AosAddresses = {
  karmaRegistry: `0x${string}`;
  stakingVault: `0x${string}`;
  taskEscrow: `0x${string}`;
  jury: `0x${string}`;
};

/** What every helper needs: a reader, a signer (for writes) and the contracts' addresses. */
export type AosReadContext = {
  publicClient: PublicClient<Transport, Chain | undefined>;
  addresses: AosAddresses;
  /** The block to read events from (the escrow's start block from the bindings by default). */
  fromBlock?: bigint;
};

export type AosWriteContext = AosReadContext & {
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
};

/** Task types the reference workers understand; the escrow itself treats the type as opaque. */
export const TASK_TYPES = {
  llm: 1,
  dcosSimulation: 2,
  governanceSimulation: 3,
  humanTask: 4,
} as const;
export type TaskTypeName = keyof typeof TASK_TYPES;
