"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getAgentProfile, getLeaderboard } from "@/data/agents";

export function useLeaderboard(dimensionId: number | undefined) {
  return useQuery({
    queryKey: ["agents", "leaderboard", dimensionId ?? "default"],
    queryFn: () => getLeaderboard(dimensionId),
    // Switching domains keeps the previous table until the new one arrives: nothing jumps.
    placeholderData: keepPreviousData,
  });
}

export function useAgentProfile(address: string | undefined) {
  return useQuery({
    queryKey: ["agents", "profile", address],
    queryFn: () => getAgentProfile(address ?? ""),
    enabled: Boolean(address),
    refetchInterval: 8_000,
  });
}
