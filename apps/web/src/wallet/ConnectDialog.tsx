"use client";
import { useState } from "react";
import { type Connector, useConnect, useConnectors } from "wagmi";
import { Dialog } from "@/components/ui";
import { aosChain } from "@/config";
import { explainError } from "@/tx/explainError";

/**
 * Lists every wallet the browser announced (EIP-6963), the generic injected wallet when nothing
 * announced itself, and WalletConnect when configured; connecting asks for the AOS chain.
 */
export function ConnectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const connectors = useConnectors();
  const { connectAsync, isPending, variables } = useConnect();
  const [error, setError] = useState<string>();

  const announced = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  const visible = connectors.filter((c) => c.id !== "injected" || announced.length === 0);

  async function connect(connector: Connector) {
    setError(undefined);
    try {
      await connectAsync({ connector, chainId: aosChain.id });
      onClose();
    } catch (e) {
      // Connected meanwhile (the wallet reconnected on its own): nothing left to do.
      if ((e as { name?: string }).name === "ConnectorAlreadyConnectedError") return onClose();
      const explained = explainError(e);
      setError(
        (e as { name?: string }).name === "ProviderNotFoundError"
          ? "No browser wallet found. Install one (MetaMask, Brave Wallet, Rabby…) or use WalletConnect."
          : `${explained.title} ${explained.hint}`,
      );
    }
  }

  return (
    <Dialog open={open} onClose={onClose} title="Connect a wallet">
      <ul className="wallet-list">
        {visible.map((c) => (
          <li key={c.uid}>
            <button
              type="button"
              className="wallet-option"
              onClick={() => connect(c)}
              disabled={isPending}
              aria-busy={isPending && variables?.connector === c}
            >
              {c.icon ? (
                // biome-ignore lint/performance/noImgElement: wallet icons are data URIs the wallet announces (EIP-6963), nothing to optimise
                <img src={c.icon} alt="" width={28} height={28} />
              ) : (
                <span className="wallet-icon" aria-hidden>
                  ◆
                </span>
              )}
              <span>{c.id === "injected" ? "Browser wallet" : c.name}</span>
              {isPending && variables?.connector === c ? <span className="muted">Check your wallet…</span> : null}
            </button>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <p className="muted small">
        AOS runs on {aosChain.name} (chain {aosChain.id}). Your wallet will be asked to switch to it.
      </p>
    </Dialog>
  );
}
