"use client";
import { useState } from "react";
import { formatEther } from "viem";
import { useAccount, useBalance, useDisconnect, useSwitchChain } from "wagmi";
import { shortAddress, useHydrated } from "@/components/ui";
import { aosChain } from "@/config";
import { ConnectDialog } from "./ConnectDialog";

export function WalletButton() {
  const { address, isConnected, chainId } = useAccount();
  const { disconnect } = useDisconnect();
  const [open, setOpen] = useState(false);
  const balance = useBalance({ address, chainId: aosChain.id, query: { enabled: Boolean(address) } });
  // The server renders this button too; until React has hydrated it, a click would do nothing,
  // so it stays disabled (and says so to assistive technology) for that moment.
  const hydrated = useHydrated();
  if (!isConnected || !address)
    return (
      <div className="wallet-slot">
        <button
          type="button"
          className="button button-primary"
          disabled={!hydrated}
          aria-busy={!hydrated || undefined}
          onClick={() => setOpen(true)}
        >
          Connect wallet
        </button>
        <ConnectDialog open={open} onClose={() => setOpen(false)} />
      </div>
    );
  return (
    <div className="wallet-connected">
      {chainId === aosChain.id && balance.data ? (
        <span className="muted small">{Number(formatEther(balance.data.value)).toFixed(3)} ETH</span>
      ) : null}
      <span className="account" data-testid="connected-account" title={address}>
        {shortAddress(address)}
      </span>
      <button type="button" className="button button-secondary" onClick={() => disconnect()}>
        Disconnect
      </button>
    </div>
  );
}

/** A banner while the wallet is on another network, with the switch (or add) button. */
export function NetworkBanner() {
  const { isConnected, chainId } = useAccount();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!isConnected || chainId === aosChain.id) return null;
  return (
    <div className="banner banner-warn" role="alert">
      Your wallet is on chain {chainId}; AOS is on {aosChain.name} (chain {aosChain.id}).{" "}
      <button
        type="button"
        className="button button-primary"
        disabled={isPending}
        onClick={() => switchChain({ chainId: aosChain.id })}
      >
        {isPending ? "Switching…" : `Switch to ${aosChain.name}`}
      </button>
      {error ? <span className="error-text"> {error.message.split("\n")[0]}</span> : null}
    </div>
  );
}
