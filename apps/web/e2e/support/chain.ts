/**
 * The harness's own chain (never the shared one on 8545): moving its clock, reading it, and
 * sending transactions with a dev key.
 */
import { createPublicClient, createWalletClient, defineChain, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

let id = 0;

export async function rpc<T = unknown>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method} on ${rpcUrl}: ${body.error.message}`);
  return body.result as T;
}

function refuseSharedChain(rpcUrl: string) {
  const port = new URL(rpcUrl).port;
  if ((port === "8545" || port === "") && !process.env.AOS_E2E_ALLOW_TIME_TRAVEL)
    throw new Error(`refusing to move the clock of ${rpcUrl}: the e2e harness moves time on its own chain only`);
}

/** Moves the chain's clock forward by `seconds` and mines a block at the new time. */
export async function increaseTime(rpcUrl: string, seconds: number): Promise<void> {
  refuseSharedChain(rpcUrl);
  await rpc(rpcUrl, "evm_increaseTime", [Math.ceil(seconds)]);
  await rpc(rpcUrl, "evm_mine", []);
}

/** Mines `blocks` empty blocks. */
export async function mine(rpcUrl: string, blocks = 1): Promise<void> {
  refuseSharedChain(rpcUrl);
  for (let i = 0; i < blocks; i++) await rpc(rpcUrl, "evm_mine", []);
}

/** The latest block's timestamp (the chain's "now"). */
export async function chainTime(rpcUrl: string): Promise<number> {
  const block = await rpc<{ timestamp: Hex }>(rpcUrl, "eth_getBlockByNumber", ["latest", false]);
  return Number(BigInt(block.timestamp));
}

/** viem clients for a dev key on the chain at `rpcUrl`. */
export function clients(rpcUrl: string, chainId: number, key: Hex) {
  const chain = defineChain({
    id: chainId,
    name: "AOS test chain",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const account = privateKeyToAccount(key);
  return {
    account,
    publicClient: createPublicClient({ chain, transport: http(rpcUrl) }),
    walletClient: createWalletClient({ account, chain, transport: http(rpcUrl) }),
  };
}
