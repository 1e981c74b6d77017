"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { WagmiProvider } from "wagmi";
import { createWagmiConfig } from "@/wallet/wagmi";
import { getQueryClient } from "./queryClient";

export function Providers({ children }: { children: ReactNode }) {
  const [wagmiConfig] = useState(createWagmiConfig);
  const [queryClient] = useState(getQueryClient);

  return (
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </WagmiProvider>
  );
}
