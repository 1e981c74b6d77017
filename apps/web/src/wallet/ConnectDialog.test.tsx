/**
 * The connect dialog with wagmi's real EIP-6963 discovery. The wallet is a fake EIP-1193
 * provider announced the way browser extensions announce themselves; the end-to-end tests use
 * an injected wallet on the real chain.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { WagmiProvider } from "wagmi";
import { ConnectDialog } from "./ConnectDialog";
import { createWagmiConfig } from "./wagmi";

const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
// One identity across tests: wagmi keeps announced wallets in a page-wide store, by uuid.
const info = {
  uuid: "7d3c5d2e-4a4e-4c55-9d55-6f0a4e0b6a11",
  name: "Fake Wallet",
  icon: "data:image/svg+xml,<svg/>",
  rdns: "test.fake",
};

function announceFakeWallet(options: { reject?: boolean; chainId?: number } = {}) {
  // Like a real wallet, it shows no account to the site until the user approves the connection.
  let approved = false;
  const request = vi.fn(async ({ method }: { method: string }) => {
    if (method === "eth_requestAccounts") {
      if (options.reject) throw Object.assign(new Error("User rejected the request."), { code: 4001 });
      approved = true;
      return [ACCOUNT];
    }
    if (method === "eth_accounts") return approved ? [ACCOUNT] : [];
    if (method === "eth_chainId") return `0x${(options.chainId ?? 31337).toString(16)}`;
    if (method === "wallet_switchEthereumChain") return null;
    if (method === "wallet_requestPermissions" || method === "wallet_getPermissions") return [];
    throw new Error(`fake wallet: ${method} not handled`);
  });
  const provider = { request, on: vi.fn(), removeListener: vi.fn() };
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
  return { request, stop: () => window.removeEventListener("eip6963:requestProvider", announce) };
}

function renderDialog(onClose = vi.fn()) {
  const config = createWagmiConfig();
  render(
    <WagmiProvider config={config}>
      <QueryClientProvider client={new QueryClient()}>
        <ConnectDialog open onClose={onClose} />
      </QueryClientProvider>
    </WagmiProvider>,
  );
  return { config, onClose };
}

describe("ConnectDialog", () => {
  it("lists a wallet announced by EIP-6963 and connects it on the AOS chain", async () => {
    const wallet = announceFakeWallet();
    const { config, onClose } = renderDialog();
    const option = await screen.findByRole("button", { name: /Fake Wallet/, hidden: true });
    await userEvent.click(option);
    await waitFor(() => expect(onClose).toHaveBeenCalled(), {
      onTimeout: (e) =>
        new Error(`${e.message}\n${document.body.textContent}\n${JSON.stringify(wallet.request.mock.calls)}`),
    });
    expect(wallet.request).toHaveBeenCalledWith(expect.objectContaining({ method: "eth_requestAccounts" }));
    expect(config.state.current).toBeTruthy();
    wallet.stop();
  });

  it("says so plainly when the user rejects the connection in the wallet", async () => {
    const wallet = announceFakeWallet({ reject: true });
    const { onClose } = renderDialog();
    await userEvent.click(await screen.findByRole("button", { name: /Fake Wallet/, hidden: true }));
    expect(await screen.findByRole("alert", { hidden: true })).toHaveTextContent(/rejected the request/);
    expect(onClose).not.toHaveBeenCalled();
    wallet.stop();
  });
});
