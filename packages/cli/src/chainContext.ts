/**
 * What the chain-facing commands (aos task, aos karma) share: the --rpc option, the key from
 * AOS_PRIVATE_KEY (never printed), the AOS addresses of the connected chain from @aos/sdk, the
 * parsing of durations, amounts and karma dimensions, and the mapping of failures to exit codes.
 */
import {
  type AosAddresses,
  type AosReadContext,
  type AosWriteContext,
  decodeAosError,
  getAddresses,
  getDeployment,
  karmaRegistryAbi,
} from "@aos/sdk";
import { createPublicClient, createWalletClient, defineChain, http, isHex, parseEther } from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { CliOptionError } from "./dcosCommand.ts";

export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

export const COMMON_OPTIONS_HELP = `Chain
  --rpc URL               JSON-RPC endpoint (default $AOS_RPC_URL or ${DEFAULT_RPC_URL})
  Writes are signed with the key in $AOS_PRIVATE_KEY (0x + 64 hex digits; never printed).
  -h, --help              this help
`;

/** The commands' parseArgs options shared by all chain commands. */
export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  rpc: { type: "string" },
} as const;

export type ChainConnection = AosReadContext & { chainId: number; rpcUrl: string };

/** Connects to the RPC endpoint and finds the AOS addresses of its chain. */
export async function connect(rpcOption: string | undefined): Promise<ChainConnection> {
  const rpcUrl = rpcOption ?? process.env.AOS_RPC_URL ?? DEFAULT_RPC_URL;
  if (!/^https?:\/\//.test(rpcUrl)) throw new CliOptionError(`--rpc: expected an http(s) URL, got "${rpcUrl}"`);
  const probe = createPublicClient({ transport: http(rpcUrl, { retryCount: 1 }) });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (e) {
    throw new Error(`cannot reach the chain at ${rpcUrl} (${firstLine(e)}); start a node or pass --rpc URL`);
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl, { batch: true }) });
  const addresses: AosAddresses = getAddresses(chainId);
  const fromBlock = BigInt(getDeployment(chainId, "TaskEscrow").startBlock);
  return { publicClient, addresses, fromBlock, chainId, rpcUrl };
}

/** The account of AOS_PRIVATE_KEY; a missing or malformed key is a usage error naming the variable (never the key). */
export function loadSigner(purpose = "export the key of the account that signs"): PrivateKeyAccount {
  const key = process.env.AOS_PRIVATE_KEY?.trim();
  if (!key) throw new CliOptionError(`AOS_PRIVATE_KEY is not set; ${purpose}`);
  const normalised = key.startsWith("0x") ? key : `0x${key}`;
  if (!isHex(normalised) || normalised.length !== 66)
    throw new CliOptionError("AOS_PRIVATE_KEY is not a private key (expected 0x followed by 64 hex digits)");
  return privateKeyToAccount(normalised);
}

/** Adds a wallet client signing with the account. */
export function withSigner(connection: ChainConnection, account: PrivateKeyAccount): AosWriteContext & ChainConnection {
  const walletClient = createWalletClient({
    account,
    chain: connection.publicClient.chain,
    transport: http(connection.rpcUrl),
  });
  return { ...connection, walletClient };
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** "90", "90s", "15m", "2h", "3d", "1w" → seconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhdw]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] || "s"] ?? 1) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isInteger(Math.round(seconds)))
    throw new CliOptionError(`--${option}: expected a duration such as 90s, 15m, 2h or 3d, got "${text}"`);
  return Math.round(seconds);
}

/** A karma value between 0 and 1 as the registry's 18-decimal fixed point. */
export function parseKarmaValue(text: string, option: string): bigint {
  if (!/^(0(\.\d{1,18})?|1(\.0{1,18})?|\.\d{1,18})$/.test(text.trim()))
    throw new CliOptionError(`--${option}: expected a karma value between 0 and 1 (e.g. 0.6), got "${text}"`);
  return parseEther(text.trim());
}

export type Dimension = { id: number; name: string };

/** The registry's dimensions (id and name). */
export async function readDimensions(context: AosReadContext): Promise<Dimension[]> {
  const registry = { address: context.addresses.karmaRegistry, abi: karmaRegistryAbi } as const;
  const count = await context.publicClient.readContract({ ...registry, functionName: "dimensionCount" });
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const d = await context.publicClient.readContract({ ...registry, functionName: "dimension", args: [i + 1] });
      return { id: i + 1, name: d.name };
    }),
  );
}

/**
 * A dimension by id or name: the full name ("accuracy.simulation") or, for accuracy
 * dimensions, the short one ("simulation").
 */
export function resolveDimension(dimensions: readonly Dimension[], text: string, option: string): Dimension {
  const wanted = text.trim();
  const byId = /^\d+$/.test(wanted) ? dimensions.find((d) => d.id === Number(wanted)) : undefined;
  const found =
    byId ?? dimensions.find((d) => d.name === wanted) ?? dimensions.find((d) => d.name === `accuracy.${wanted}`);
  if (!found)
    throw new CliOptionError(
      `--${option}: no karma dimension "${text}"; known: ${dimensions.map((d) => `${d.id}=${d.name}`).join(", ")}`,
    );
  return found;
}

/** Runs a command body, mapping usage errors to exit code 2 and other failures to 1 with a readable message. */
export async function runCommand(label: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof CliOptionError) {
      process.stderr.write(`${label}: ${e.message}\n(${label} --help for the options)\n`);
      return 2;
    }
    const decoded = decodeAosError(e);
    process.stderr.write(`${label}: ${decoded ? decoded.message : firstLine(e)}\n`);
    return 1;
  }
}

export function firstLine(e: unknown): string {
  const message = e instanceof Error ? `${e.name === "Error" ? "" : `${e.name}: `}${e.message}` : String(e);
  return message.split("\n")[0] ?? message;
}
