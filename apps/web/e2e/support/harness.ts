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

/** What the page's transaction observer has counted (see watchTransactions). */
type TxCounts = { install: string; confirmed: number; failed: number; last: string[] };

/**
 * Installs (once per document) an observer that counts every transaction status entering
 * "confirmed" or "failed": the same status element is reused from one transaction to the next
 * (delegate, then revoke), so counting the elements in a state would miss the second.
 */
function observeTransactions(): TxCounts {
  const w = window as unknown as { __aosTx?: TxCounts };
  if (!w.__aosTx) {
    const counts: TxCounts = { install: Math.random().toString(36).slice(2), confirmed: 0, failed: 0, last: [] };
    const seen = new WeakMap<Element, string | null>();
    const selector = '[data-testid="tx-phase"]';
    const check = (el: Element) => {
      const phase = el.getAttribute("data-phase");
      if (seen.get(el) === phase) return;
      seen.set(el, phase);
      if (phase === "confirmed" || phase === "failed") {
        counts[phase] += 1;
        counts.last = [...counts.last.slice(-4), `${phase}: ${el.parentElement?.textContent ?? ""}`];
      }
    };
    for (const el of document.querySelectorAll(selector)) seen.set(el, el.getAttribute("data-phase"));
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "attributes" && r.target instanceof Element && r.target.matches(selector)) check(r.target);
        for (const node of r.addedNodes) {
          if (!(node instanceof Element)) continue;
          if (node.matches(selector)) check(node);
          for (const el of node.querySelectorAll(selector)) check(el);
        }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-phase"] });
    w.__aosTx = counts;
  }
  return { ...w.__aosTx, last: [...w.__aosTx.last] };
}

/**
 * Watches the page's transaction states (data-testid="tx-phase"): call before the click that
 * sends, then `confirmed()` waits for the next transaction to be confirmed, failing at once with
 * the explained error when one fails.
 */
export async function watchTransactions(tp: TestPage) {
  const before = await tp.page.evaluate(observeTransactions);
  const since = (now: TxCounts) =>
    // A full page load starts a new count: everything in it is new.
    now.install === before.install
      ? { confirmed: now.confirmed - before.confirmed, failed: now.failed - before.failed }
      : now;
  return {
    async confirmed(what: string, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const now = await tp.page.evaluate(observeTransactions).catch(() => undefined);
        if (now) {
          const fresh = since(now);
          if (fresh.failed > 0)
            throw await explain(tp.page, `the transaction "${what}" failed (${now.last.join("; ")})`);
          if (fresh.confirmed > 0) return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      throw await explain(
        tp.page,
        `waited ${timeoutMs / 1000} s for the transaction "${what}" to be confirmed (data-testid="tx-phase" data-phase="confirmed")`,
      );
    },
  };
}
