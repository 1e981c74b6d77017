"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getChainEarnings, getGatewayStatus } from "@/data/workers";

/** The gateway's health, metrics and queues, every few seconds. */
export function useGatewayStatus() {
  return useQuery({
    queryKey: ["workers", "gateway"],
    queryFn: getGatewayStatus,
    refetchInterval: 4_000,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** What agents were paid, from the chain. */
export function useChainEarnings() {
  return useQuery({
    queryKey: ["workers", "earnings"],
    queryFn: getChainEarnings,
    refetchInterval: 8_000,
    placeholderData: keepPreviousData,
  });
}
