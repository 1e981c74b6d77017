"use client";
import { useAccount } from "wagmi";
import { aosChain } from "@/config";

/**
 * Why the connected wallet cannot write right now, or undefined when it can. Buttons show this
 * reason instead of silently greying out.
 */
export function useWriteGuard(): { account?: `0x${string}`; reason?: string } {
  const { address, isConnected, chainId } = useAccount();
  if (!isConnected || !address) return { reason: "Connect a wallet first." };
  if (chainId !== aosChain.id) return { account: address, reason: `Switch your wallet to ${aosChain.name}.` };
  return { account: address };
}
