/** viem clients for one RPC endpoint and one signing account. */
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";

export type AosPublicClient = PublicClient<Transport, Chain>;
export type AosWalletClient = WalletClient<Transport, Chain, Account>;

/** Reads the chain id and builds clients that fail fast (the job queues do the retrying). */
export async function connectChain(rpcUrl: string, account?: Account) {
  const transport = http(rpcUrl, { retryCount: 1, retryDelay: 200, timeout: 15_000 });
  const probe = createPublicClient({ transport });
  const chainId = await probe.getChainId();
  const chain = defineChain({
    id: chainId,
    name: chainId === 31337 ? "AOS local chain" : `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 }) as AosPublicClient;
  const walletClient = account ? (createWalletClient({ chain, transport, account }) as AosWalletClient) : undefined;
  return { chainId, chain, publicClient, walletClient };
}
