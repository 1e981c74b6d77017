/**
 * wagmi's configuration: one chain (the AOS deployment's), injected wallets found through
 * EIP-6963 discovery (MetaMask, Brave, Rabby and any other that announces itself), and
 * WalletConnect when a project id is configured.
 */
import { type CreateConnectorFn, createConfig, http } from "wagmi";
import { injected, walletConnect } from "wagmi/connectors";
import { aosChain, config } from "@/config";

export function createWagmiConfig() {
  const connectors: CreateConnectorFn[] = [injected({ shimDisconnect: true })];
  if (config.walletConnectProjectId) {
    connectors.push(
      walletConnect({
        projectId: config.walletConnectProjectId,
        showQrModal: true,
        metadata: {
          name: "AOS",
          description: "The Amorphous Operating System",
          url: typeof window === "undefined" ? "http://127.0.0.1:3000" : window.location.origin,
          icons: [],
        },
      }),
    );
  }
  return createConfig({
    chains: [aosChain],
    connectors,
    multiInjectedProviderDiscovery: true,
    ssr: true,
    transports: { [aosChain.id]: http(config.rpcUrl, { batch: true }) },
  });
}

declare module "wagmi" {
  interface Register {
    config: ReturnType<typeof createWagmiConfig>;
  }
}
