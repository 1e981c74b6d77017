/** Connecting the test wallet through the app's connect dialog, and switching accounts. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { waitUntil } from "./support/browser.ts";
import { connectWallet, setupHarness, visit, walletPage } from "./support/harness.ts";

const h = setupHarness();

test("wallet: connect through the dialog by choosing AOS Test Wallet; the account shows", {
  timeout: 120_000,
}, async () => {
  const tp = await walletPage(h, { role: "Alice" });
  try {
    await visit(tp, "/");
    await tp.page.getByRole("button", { name: "Connect wallet" }).click();
    await tp.page.getByRole("dialog", { name: "Connect a wallet" }).waitFor();
    await tp.screenshot("wallet-connect-dialog");
    await tp.page.keyboard.press("Escape");
    await connectWallet(tp);
    await tp.screenshot("wallet-connected");
    assert.ok(tp.wallet.requests.includes("eth_requestAccounts"), "the app asked the wallet for accounts");

    // Like a real wallet, it stays connected after a reload.
    await tp.page.reload();
    await tp.page.getByTestId("connected-account").waitFor({ timeout: 30_000 });

    // Switching the wallet's account shows the new one.
    const bob = h.system.address("Bob");
    await tp.wallet.switchAccount(h.system.key("Bob"));
    const account = tp.page.getByTestId("connected-account");
    await waitUntil(
      tp.page,
      async () => (await account.getAttribute("title"))?.toLowerCase() === bob.toLowerCase(),
      `data-testid="connected-account" to show Bob (${bob}) after the wallet switched accounts`,
    );
  } finally {
    await tp.close();
  }
});
