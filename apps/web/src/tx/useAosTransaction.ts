"use client";
/**
 * One write to the chain with its whole life made visible: simulated first (a revert is decoded
 * and explained before the wallet opens), then waiting for the wallet, pending with its hash,
 * confirmed or failed. Confirmation refreshes every query, so pages show the new state.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { Abi, Hash, TransactionReceipt } from "viem";
import { useConfig } from "wagmi";
import { aosChain } from "@/config";
import { type ExplainedError, explainError } from "./explainError";

export type TxPhase = "idle" | "simulating" | "wallet" | "pending" | "confirmed" | "failed";

export type TxState = {
  phase: TxPhase;
  /** What is being done, in words ("Accept task #4"). */
  label?: string;
  hash?: Hash;
  receipt?: TransactionReceipt;
  error?: ExplainedError;
};

export type ContractWrite = {
  address: `0x${string}`;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
};

export function useAosTransaction() {
  const wagmiConfig = useConfig();
  const queryClient = useQueryClient();
  const [state, setState] = useState<TxState>({ phase: "idle" });
  const busy = useRef(false);

  const send = useCallback(
    async (label: string, write: ContractWrite): Promise<TransactionReceipt | undefined> => {
      if (busy.current) return undefined;
      busy.current = true;
      try {
        setState({ phase: "simulating", label });
        // Loaded on the first write, not with the page: viem's whole write path (simulation, gas,
        // fees, nonce, sending) would otherwise weigh on every route's first load.
        const { simulateContract, waitForTransactionReceipt, writeContract } = await import("wagmi/actions");
        const { request } = await simulateContract(wagmiConfig, { ...write, chainId: aosChain.id } as never);
        setState({ phase: "wallet", label });
        const hash = await writeContract(wagmiConfig, request as never);
        setState({ phase: "pending", label, hash });
        const receipt = await waitForTransactionReceipt(wagmiConfig, { hash, chainId: aosChain.id });
        if (receipt.status !== "success") {
          setState({
            phase: "failed",
            label,
            hash,
            receipt,
            error: {
              name: "TransactionReverted",
              title: "The transaction was mined but reverted.",
              hint: "The state changed between the check and the block; reload and try again.",
            },
          });
          return undefined;
        }
        setState({ phase: "confirmed", label, hash, receipt });
        await queryClient.invalidateQueries();
        return receipt;
      } catch (error) {
        setState((s) => ({ ...s, phase: "failed", label, error: explainError(error) }));
        return undefined;
      } finally {
        busy.current = false;
      }
    },
    [wagmiConfig, queryClient],
  );

  const reset = useCallback(() => setState({ phase: "idle" }), []);
  const isBusy = state.phase === "simulating" || state.phase === "wallet" || state.phase === "pending";
  return { state, send, reset, isBusy };
}
