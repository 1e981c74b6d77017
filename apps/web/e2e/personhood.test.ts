/**
 * A person's way into the human house, all in the browser: create a Semaphore identity, export
 * its backup, forget it and restore it from the file; the registrar (Dana) adds the commitment
 * from the same page; then the new member votes in the human house of the seeded proposal with a
 * proof made in the browser, and the house's tally counts it.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { explain, text, waitUntil, waitVisible } from "./support/browser.ts";
import { connectWallet, setupHarness, visit, walletPage, watchTransactions } from "./support/harness.ts";

const h = setupHarness();

test("personhood: create, back up, forget and restore an identity; a registrar adds it; it votes in the human house", {
  timeout: 300_000,
}, async () => {
  const tp = await walletPage(h, { role: "Carol" });
  const { page, wallet } = tp;
  try {
    await visit(tp, "/personhood");
    await connectWallet(tp);

    await (
      await waitVisible(page, page.getByRole("button", { name: "Create identity" }), 'the "Create identity" button')
    ).click();
    const commitmentBox = page.getByTestId("identity-commitment");
    await waitVisible(page, commitmentBox, 'data-testid="identity-commitment" after "Create identity"');
    const commitment = await text(commitmentBox);
    assert.match(commitment, /^[0-9]{10,}$/, `the commitment shown is not a decimal number: ${commitment}`);
    const membership = page.getByTestId("membership-status");
    await waitUntil(
      page,
      async () => (await membership.getAttribute("data-status")) === "not-member",
      'data-testid="membership-status" to say that the new identity is not in the group yet',
    );

    // Back up: the file holds the identity (its commitment, and the key to restore it).
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export backup" }).click();
    const backupPath = await (await downloading).path();
    const backup = JSON.parse(await readFile(backupPath, "utf8")) as { commitment?: string };
    assert.equal(backup.commitment, commitment, "the backup file names another commitment");

    await page.getByRole("button", { name: "Forget this identity" }).click();
    const forget = await waitVisible(
      page,
      page.getByRole("dialog", { name: "Forget this identity?" }),
      'the "Forget this identity?" dialog',
    );
    await forget.getByRole("button", { name: "Forget it" }).click();
    await waitVisible(
      page,
      page.getByRole("button", { name: "Create identity" }),
      '"Create identity" after forgetting',
    );

    await page.getByText("Restore from a backup").click();
    await page.getByLabel("Backup file").setInputFiles(backupPath);
    await waitUntil(
      page,
      async () => (await text(commitmentBox)) === commitment,
      "the restored identity to show the commitment it was exported with",
    );
    await tp.screenshot("personhood-restored");

    // The registrar, on the same page with its own account, adds the commitment.
    await wallet.switchAccount(h.system.key("Dana"));
    const registrar = page.getByLabel("Identity commitments");
    await waitVisible(page, registrar, 'the registrar\'s "Identity commitments" field once Dana is connected');
    await registrar.fill(commitment);
    const addTx = await watchTransactions(tp);
    await page.getByRole("button", { name: "Add to the group" }).click();
    await addTx.confirmed("add the new member", 60_000);
    await waitUntil(
      page,
      async () => (await membership.getAttribute("data-status")) === "member",
      'data-testid="membership-status" to say "member" once the registrar has added the commitment',
    );
    await tp.screenshot("personhood-registered");

    // The new member votes For in the seeded proposal's human house, from Carol's account.
    await wallet.switchAccount(h.system.key("Carol"));
    const { proposal } = h.system.summary.governance;
    await visit(tp, `/governance/proposals/${proposal.id}`);
    const tally = page.getByTestId("human-tally");
    await waitVisible(page, tally, 'the human house\'s tally (data-testid="human-tally")');
    const forBefore = Number((await text(tally)).match(/For (\d+)/)?.[1] ?? Number.NaN);
    assert.ok(Number.isInteger(forBefore), `the human tally reads "${await text(tally)}"`);
    const house = page.getByRole("group", { name: "Vote as a verified human" });
    const voteFor = house.getByRole("button", { name: "For", exact: true });
    await waitUntil(
      page,
      async () => !(await voteFor.isDisabled()),
      `the human house's "For" button to be usable (${await page
        .getByTestId("human-vote-reason")
        .textContent()
        .catch(() => "no reason shown")})`,
      60_000,
    );
    const voteTx = await watchTransactions(tp);
    await voteFor.click();
    await voteTx.confirmed("human vote for", 120_000);
    await waitUntil(
      page,
      async () => Number((await text(tally)).match(/For (\d+)/)?.[1]) === forBefore + 1,
      `the human tally's "For" to rise from ${forBefore} to ${forBefore + 1}`,
    );
    // The same identity cannot vote twice in one proposal: the page says so.
    await waitVisible(page, page.getByTestId("human-vote-reason"), "the reason why a second human vote is refused");
    const reason = await text(page.getByTestId("human-vote-reason"));
    if (!/already/i.test(reason)) throw await explain(page, `a second human vote is refused with "${reason}"`);
    await tp.screenshot("proposal-human-voted");
  } finally {
    await tp.close();
  }
});
