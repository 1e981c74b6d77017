/**
 * Where the dApp finds the chain, the workers' gateway and optional services. Values are read at
 * build time (NEXT_PUBLIC_*); the defaults are what `npm start` runs locally. Contract addresses
 * never come from here: they come from the generated bindings (@aos/sdk) for the chain id.
 */
import { defineChain } from "viem";

export type AppConfig = {
  chainId: number;
  chainName: string;
  rpcUrl: string;
  /** The workers' HTTP gateway: content by CID, health, metrics and the queue dashboard. */
  gatewayUrl: string;
  /** A block explorer's base URL (transactions at /tx/<hash>); none on the local chain. */
  explorerUrl?: string;
  /** WalletConnect Cloud project id; the WalletConnect option appears only when it is set. */
  walletConnectProjectId?: string;
};

function readNumber(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : fallback;
}

export const config: AppConfig = {
  chainId: readNumber(process.env.NEXT_PUBLIC_AOS_CHAIN_ID, 31337),
  chainName: process.env.NEXT_PUBLIC_AOS_CHAIN_NAME || "AOS local chain",
  rpcUrl: process.env.NEXT_PUBLIC_AOS_RPC_URL || "http://127.0.0.1:8545",
  gatewayUrl: (process.env.NEXT_PUBLIC_AOS_GATEWAY_URL || "http://127.0.0.1:8790").replace(/\/$/, ""),
  explorerUrl: process.env.NEXT_PUBLIC_AOS_EXPLORER_URL?.replace(/\/$/, "") || undefined,
  walletConnectProjectId: process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID || undefined,
};

/** The one chain the dApp works on, as viem and wagmi describe it. */
export const aosChain = defineChain({
  id: config.chainId,
  name: config.chainName,
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [config.rpcUrl] } },
  ...(config.explorerUrl ? { blockExplorers: { default: { name: "Explorer", url: config.explorerUrl } } } : {}),
});

export function explorerTxUrl(hash: string): string | undefined {
  return config.explorerUrl ? `${config.explorerUrl}/tx/${hash}` : undefined;
}

export function explorerAddressUrl(address: string): string | undefined {
  return config.explorerUrl ? `${config.explorerUrl}/address/${address}` : undefined;
}
