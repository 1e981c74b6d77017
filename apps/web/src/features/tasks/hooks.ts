"use client";
/** React-query hooks of the task pages, over the data module (src/data/tasks.ts, content.ts). */
import { useQuery } from "@tanstack/react-query";
import type { Address, Hex } from "viem";
import { getQueryClient } from "@/app/queryClient";
import { useNow } from "@/components/ui";
import { chainNow } from "@/data/chain";
import type { Dimension } from "@/data/dimensions";
import {
  getEscrowParameters,
  getTaskDetail,
  getTokenStatus,
  listTaskDimensions,
  listTasks,
  type TaskSummary,
} from "@/data/tasks";

const taskListQuery = { queryKey: ["tasks", "list"], queryFn: listTasks, refetchInterval: 15_000 } as const;

/** The task list; `initial` is what the server rendered the page with (read at `at`). */
export function useTasks(initial?: TaskSummary[], at?: number) {
  return useQuery({ ...taskListQuery, initialData: initial, initialDataUpdatedAt: at });
}

/**
 * Starts the list's reads as soon as this code runs in the browser, before React hydrates the
 * page (called at the top of the page's module): the chain answers while the page boots.
 */
export function prefetchTaskList() {
  if (typeof window === "undefined") return;
  const client = getQueryClient();
  void client.prefetchQuery(taskListQuery);
  void client.prefetchQuery(dimensionsQuery);
}

export function useTaskDetail(id: bigint | undefined) {
  return useQuery({
    queryKey: ["tasks", "detail", id?.toString()],
    queryFn: () => getTaskDetail(id as bigint),
    enabled: id !== undefined,
    refetchInterval: 10_000,
  });
}

const dimensionsQuery = { queryKey: ["dimensions"], queryFn: listTaskDimensions, staleTime: 5 * 60_000 } as const;

export function useDimensions(initial?: Dimension[], at?: number) {
  return useQuery({ ...dimensionsQuery, initialData: initial, initialDataUpdatedAt: at });
}

export function useEscrowParameters() {
  return useQuery({ queryKey: ["tasks", "parameters"], queryFn: getEscrowParameters, staleTime: 60_000 });
}

export function useTokenStatus(token: Address | undefined, owner: Address | undefined) {
  return useQuery({
    queryKey: ["tasks", "token", token, owner],
    queryFn: () => getTokenStatus(token as Address, owner as Address),
    enabled: Boolean(token && owner),
  });
}

/** A node by digest: immutable, so fetched once. */
export function useContent(digest: Hex | undefined) {
  return useQuery({
    queryKey: ["content", digest],
    // Content decoding (dag-cbor, CIDs) loads on demand: the task list does not need it.
    queryFn: async ({ signal }) => (await import("@/data/content")).fetchContent(digest as Hex, { signal }),
    enabled: Boolean(digest),
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });
}

export function useTaskResult(resultHash: Hex | undefined) {
  return useQuery({
    queryKey: ["content", "result", resultHash],
    queryFn: async ({ signal }) => (await import("@/data/content")).fetchTaskResult(resultHash as Hex, signal),
    enabled: Boolean(resultHash),
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });
}

/**
 * The chain's clock: its offset from the wall clock (a local chain's time may run ahead), and
 * "now" by that clock, ticking each second.
 */
export function useChainClock(): { offset: number; now: number; ready: boolean } {
  const query = useQuery({
    queryKey: ["tasks", "chain-clock"],
    queryFn: async () => (await chainNow()) - Date.now() / 1000,
    refetchInterval: 30_000,
  });
  const wall = useNow();
  const offset = query.data ?? 0;
  return { offset, now: Math.floor(wall / 1000 + offset), ready: query.data !== undefined };
}
