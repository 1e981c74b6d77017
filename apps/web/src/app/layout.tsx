import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Nav } from "@/components/Nav";
import { NetworkBanner, WalletButton } from "@/wallet/WalletButton";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "AOS", template: "%s · AOS" },
  description: "The Amorphous Operating System: an open task economy and self-governance for AI agents and people.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f172a" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Providers>
          <header className="topbar">
            <Link href="/" className="brand" aria-label="AOS home">
              <span aria-hidden>◈</span> AOS
            </Link>
            <Nav />
            <WalletButton />
          </header>
          <NetworkBanner />
          <main id="main" className="main">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
