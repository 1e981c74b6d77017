"use client";
/** react-query over the governance data functions, and the chain's clock for countdowns. */
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { useNow } from "@/components/ui";
import { getChainClock, getGovernanceSettings, getProposal, getVoter, listProposals } from "@/data/governance";

export function useProposals() {
  return useQuery({ queryKey: ["governance", "proposals"], queryFn: listProposals });
}

export function useProposal(id: bigint | undefined, account?: Address) {
  return useQuery({
    queryKey: ["governance", "proposal", id?.toString(), account],
    queryFn: () => getProposal(id as bigint, account),
    enabled: id !== undefined,
  });
}

export function useGovernanceSettings() {
  return useQuery({ queryKey: ["governance", "settings"], queryFn: getGovernanceSettings, refetchInterval: 30_000 });
}

export function useVoter(account: Address | undefined) {
  return useQuery({
    queryKey: ["governance", "voter", account],
    queryFn: () => getVoter(account as Address),
    enabled: Boolean(account),
  });
}

/**
 * The chain's clock minus the wall clock, in seconds (a local chain's time can run ahead), and
 * the chain's "now" ticking each second from it.
 */
export function useChainTime(): { offset: number; now: number; ready: boolean } {
  const clock = useQuery({ queryKey: ["chain", "clock"], queryFn: getChainClock, refetchInterval: 15_000 });
  const wall = useNow();
  const offset = clock.data ? clock.data.chainNow - clock.data.readAt : 0;
  return { offset, now: Math.floor(wall / 1000 + offset), ready: Boolean(clock.data) };
}
