/**
 * What every flow file shares: the system (one per run, see system.ts), one Chromium, a page per
 * test with the test wallet holding a dev key, and connecting through the app's own dialog.
 */
import { after, before } from "node:test";
import type { Browser } from "playwright-core";
import type { Hex } from "viem";
import { DESKTOP, explain, launchBrowser, openPage, type TestPage, waitVisible } from "./browser.ts";
import { type System, startSystem } from "./system.ts";
import { installWallet, type TestWallet, WALLET_NAME } from "./wallet.ts";

export type Harness = { system: System; browser: Browser };
export type WalletPage = TestPage & { wallet: TestWallet; harness: Harness };

/** Registers before/after hooks that start (or join) the system and a browser for this file. */
export function setupHarness(): Harness {
  const h = {} as Harness;
  before(
    async () => {
      h.system = await startSystem();
      h.browser = await launchBrowser();
    },
    { timeout: 20 * 60_000 },
  );
  after(async () => {
    await h.browser?.close().catch(() => undefined);
    await h.system?.stop();
  });
  return h;
}

/** A new page with the test wallet holding the key of `role` (Alice by default). */
export async function walletPage(
  h: Harness,
  {
    role = "Alice",
    key,
    viewport = DESKTOP,
  }: { role?: string; key?: Hex; viewport?: { width: number; height: number } } = {},
): Promise<WalletPage> {
  const tp = await openPage(h.browser, { viewport, baseURL: h.system.webUrl });
  const wallet = await installWallet(tp.page, {
    rpcUrl: h.system.rpcUrl,
    chainId: h.system.summary.chainId,
    key: key ?? h.system.key(role),
  });
  return { ...tp, wallet, harness: h };
}

/** Connects through "Connect wallet" → "AOS Test Wallet" and waits for the account in the top bar. */
export async function connectWallet(tp: WalletPage): Promise<void> {
  const { page, wallet } = tp;
  const account = page.getByTestId("connected-account");
  if (await account.isVisible()) return;
  const open = await waitVisible(
    page,
    page.getByRole("button", { name: "Connect wallet" }),
    'the "Connect wallet" button',
  );
  await open.click();
  const dialog = await waitVisible(
    page,
    page.getByRole("dialog", { name: "Connect a wallet" }),
    'the "Connect a wallet" dialog',
  );
  const option = await waitVisible(
    page,
    dialog.getByRole("button", { name: WALLET_NAME }),
    `"${WALLET_NAME}" in the connect dialog (announced by EIP-6963)`,
  );
  await option.click();
  await waitVisible(page, account, `data-testid="connected-account" after choosing "${WALLET_NAME}"`);
  const shown = await account.getAttribute("title");
  if (shown?.toLowerCase() !== wallet.address.toLowerCase())
    throw new Error(`the top bar shows ${shown} connected, the wallet holds ${wallet.address}`);
}

/** Goes to `path` and waits for the page's heading, so that a missing page fails clearly. */
export async function visit(tp: TestPage, path: string): Promise<void> {
  const response = await tp.page.goto(path, { waitUntil: "domcontentloaded" });
  if (response && response.status() >= 400)
    throw new Error(`GET ${path} answered ${response.status()}: the page does not exist yet or failed to render`);
  await waitVisible(tp.page, tp.page.locator("main h1"), `the heading of ${path}`);
}

/**
 * Watches the page's transaction states (data-testid="tx-phase"): call before the click that
 * sends, then `confirmed()` waits for one more confirmed transaction, failing at once with the
 * explained error when one fails.
 */
export async function watchTransactions(tp: TestPage) {
  const phases = tp.page.getByTestId("tx-phase");
  const count = async (phase: string) => tp.page.locator(`[data-testid="tx-phase"][data-phase="${phase}"]`).count();
  const confirmedBefore = await count("confirmed");
  const failedBefore = await count("failed");
  return {
    async confirmed(what: string, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if ((await count("failed")) > failedBefore) {
          const texts = await phases.allInnerTexts();
          throw await explain(tp.page, `the transaction "${what}" failed (${texts.join("; ")})`);
        }
        if ((await count("confirmed")) > confirmedBefore) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw await explain(
        tp.page,
        `waited ${timeoutMs / 1000} s for the transaction "${what}" to be confirmed (data-testid="tx-phase" data-phase="confirmed")`,
      );
    },
  };
}
