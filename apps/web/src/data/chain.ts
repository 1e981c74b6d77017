/**
 * The data module's access to the chain: one viem client, the contracts from the generated
 * bindings, events read from each contract's start block, and state read in one multicall.
 * Pages never call the chain themselves: they use the functions of src/data, so that an indexer
 * (the subgraph) can answer them later without touching a page.
 */
import {
  type AosContractName,
  agentTimelockAbi,
  demoTokenAbi,
  getDeployment,
  juryAbi,
  karmaRegistryAbi,
  personhoodRegistryAbi,
  reputationGovernorAbi,
  reputationVotesAbi,
  stakingVaultAbi,
  taskEscrowAbi,
} from "@aos/sdk";
import {
  type Abi,
  type Address,
  type Client,
  type ContractEventName,
  createClient,
  type GetContractEventsReturnType,
  http,
} from "viem";
import { getBalance, getBlock, getContractEvents, multicall } from "viem/actions";
import { aosChain, config } from "@/config";

const ABIS = {
  KarmaRegistry: karmaRegistryAbi,
  StakingVault: stakingVaultAbi,
  TaskEscrow: taskEscrowAbi,
  Jury: juryAbi,
  PersonhoodRegistry: personhoodRegistryAbi,
  ReputationVotes: reputationVotesAbi,
  ReputationGovernor: reputationGovernorAbi,
  AgentTimelock: agentTimelockAbi,
  DemoToken: demoTokenAbi,
} as const satisfies Record<AosContractName, Abi>;

export type ContractAbis = typeof ABIS;

/** The names of every AOS contract the bindings know. */
export const AOS_CONTRACT_NAMES = Object.keys(ABIS) as AosContractName[];

/**
 * The reader every data function shares (batched JSON-RPC over HTTP). Built from viem's
 * tree-shakeable actions rather than createPublicClient, whose every-action decorator would put
 * signature verification and the rest of viem into each page's first load.
 */
export type ChainReader = {
  getContractEvents: (args: Parameters<typeof getContractEvents>[1]) => ReturnType<typeof getContractEvents>;
  multicall: (args: Parameters<typeof multicall>[1]) => ReturnType<typeof multicall>;
  getBlock: (args?: Parameters<typeof getBlock>[1]) => ReturnType<typeof getBlock>;
  getBalance: (args: Parameters<typeof getBalance>[1]) => ReturnType<typeof getBalance>;
};

let reader: ChainReader | undefined;

function readerOf(client: Client): ChainReader {
  return {
    getContractEvents: (args) => getContractEvents(client, args),
    multicall: (args) => multicall(client, args),
    getBlock: (args) => getBlock(client, args),
    getBalance: (args) => getBalance(client, args),
  };
}

export function publicClient(): ChainReader {
  reader ??= readerOf(
    createClient({ chain: aosChain, transport: http(config.rpcUrl, { batch: { batchSize: 100 }, retryCount: 2 }) }),
  );
  return reader;
}

/** Replaces the reader (tests point it at their own chain). */
export function setPublicClient(client: Client | undefined) {
  reader = client ? readerOf(client) : undefined;
}

/** Address, ABI and start block of an AOS contract on the app's chain, from the bindings. */
export function contract<N extends AosContractName>(name: N) {
  const { address, startBlock } = getDeployment(config.chainId, name);
  return { name, address: address as Address, abi: ABIS[name] as ContractAbis[N], startBlock: BigInt(startBlock) };
}

/** Every event of one kind a contract emitted, oldest first, from its start block. */
export async function events<N extends AosContractName, E extends ContractEventName<ContractAbis[N]>>(
  name: N,
  eventName: E,
  args?: Record<string, unknown>,
): Promise<GetContractEventsReturnType<ContractAbis[N], E>> {
  const c = contract(name);
  return (await publicClient().getContractEvents({
    address: c.address,
    abi: c.abi as Abi,
    eventName: eventName as string,
    args,
    fromBlock: c.startBlock,
    toBlock: "latest",
    strict: true,
  } as never)) as unknown as GetContractEventsReturnType<ContractAbis[N], E>;
}

type Call = { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] };

/**
 * Reads many view functions in one eth_call. Deployless: the Multicall3 bytecode runs inside the
 * call, so it works on any chain, including a fresh local one with nothing predeployed.
 */
export async function multiread<T extends unknown[] = unknown[]>(calls: readonly Call[]): Promise<T> {
  if (calls.length === 0) return [] as unknown as T;
  const results: unknown[] = [];
  // Large reads go in chunks: one eth_call has a gas cap on most nodes.
  for (let i = 0; i < calls.length; i += 200) {
    const chunk = calls.slice(i, i + 200);
    const out = await publicClient().multicall({
      contracts: chunk as never,
      allowFailure: false,
      deployless: true,
    } as never);
    results.push(...(out as unknown[]));
  }
  return results as T;
}

/** A call on an AOS contract, typed loosely for multiread. */
export function call<N extends AosContractName>(name: N, functionName: string, args: readonly unknown[] = []): Call {
  const c = contract(name);
  return { address: c.address, abi: c.abi as Abi, functionName, args };
}

/** The chain's latest block time in seconds (the local chain's clock may run ahead of the wall). */
export async function chainNow(): Promise<number> {
  const block = await publicClient().getBlock({ blockTag: "latest" });
  return Number(block.timestamp);
}

/** Unix time of each block, requested together (one batched HTTP call). */
export async function blockTimes(blocks: Iterable<bigint>): Promise<Map<bigint, number>> {
  const unique = [...new Set(blocks)];
  const found = await Promise.all(unique.map((blockNumber) => publicClient().getBlock({ blockNumber })));
  return new Map(found.map((b) => [b.number as bigint, Number(b.timestamp)]));
}
