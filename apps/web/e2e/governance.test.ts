/**
 * Governance in the app: a verified human vetoes the seeded agent request with a Semaphore proof
 * made in the browser; then a proposal is made, the chain's clock moves to its voting start, and
 * it gets a vote; an account delegates and revokes; last, an agent's request that nobody vetoed
 * waits out its delay (the clock moves a week) and is executed from the page. The veto comes
 * first: moving the clock could take the request past its wait.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { agentTimelockAbi, karmaRegistryAbi, reputationGovernorAbi } from "@aos/sdk";
import { encodeFunctionData, parseEther } from "viem";
import { explain, text, waitUntil, waitVisible } from "./support/browser.ts";
import { clients, increaseTime } from "./support/chain.ts";
import { connectWallet, setupHarness, visit, walletPage, watchTransactions } from "./support/harness.ts";

const h = setupHarness();

test("governance: a verified human vetoes the seeded agent request", { timeout: 300_000 }, async () => {
  const tp = await walletPage(h, { role: "Alice" });
  const { page } = tp;
  try {
    await visit(tp, "/personhood");
    await connectWallet(tp);
    const demo = await waitVisible(
      page,
      page.getByRole("button", { name: "Use a demo identity" }),
      'the "Use a demo identity" button on /personhood',
    );
    await demo.click();
    // A choice of demo humans may follow: take Alice's.
    const alice = page.getByRole("button", { name: /alice/i }).or(page.getByRole("option", { name: /alice/i }));
    if (
      await alice
        .first()
        .isVisible()
        .catch(() => false)
    )
      await alice.first().click();
    await waitUntil(
      page,
      async () => /member|verified/i.test(await text(page.getByTestId("membership-status"))),
      'data-testid="membership-status" to say the demo identity is a verified member',
    );
    await tp.screenshot("personhood-identity");

    await visit(tp, "/governance");
    const { agentRequest } = h.system.summary.governance;
    const rows = page.getByTestId("agent-request");
    await waitVisible(page, rows, `a row data-testid="agent-request" (the seeded request #${agentRequest.id})`);
    const row = rows
      .filter({ hasText: agentRequest.description.slice(0, 24) })
      .or(rows.filter({ hasText: `#${agentRequest.id}` }));
    await waitVisible(page, row, `the seeded request's row ("${agentRequest.description}")`);
    const vetoCount = row.first().getByTestId("veto-count");
    await waitVisible(page, vetoCount, 'data-testid="veto-count" in the request\'s row');
    const before = Number((await text(vetoCount)).match(/\d+/)?.[0] ?? Number.NaN);
    const txs = await watchTransactions(tp);
    const veto = await waitVisible(
      page,
      row.first().getByRole("button", { name: /^Veto/ }),
      'the "Veto" button in the request\'s row',
    );
    // Enabled once the page knows the identity is a member and has not vetoed in this slot.
    await waitUntil(page, async () => !(await veto.isDisabled()), 'the "Veto" button to be usable').catch(async () => {
      throw await explain(
        page,
        `the "Veto" button stays disabled; the row says: ${JSON.stringify(await text(row.first()))}`,
      );
    });
    await veto.click();
    await waitVisible(
      page,
      page.getByRole("progressbar", { name: "Generating proof" }),
      'the progressbar "Generating proof"',
      30_000,
    );
    await tp.screenshot("governance-veto-proof");
    await txs.confirmed("veto", 120_000);
    await waitUntil(
      page,
      async () => Number((await text(vetoCount)).match(/\d+/)?.[0]) > before,
      `data-testid="veto-count" to rise above ${before}`,
    );
    await tp.screenshot("governance-vetoed");
  } finally {
    await tp.close();
  }
});

test("governance: propose, let time pass to the voting start, vote for, see the tally", {
  timeout: 300_000,
}, async () => {
  const tp = await walletPage(h, { role: "Alice" });
  const { page } = tp;
  try {
    await visit(tp, "/governance/new");
    await connectWallet(tp);
    const description = `E2E proposal ${new Date().toISOString()}`;
    const field = await waitVisible(
      page,
      page.getByLabel(/description|title/i),
      'the proposal\'s "Description" field on /governance/new',
    );
    await field.first().fill(description);
    await tp.screenshot("proposal-new-filled");
    const txs = await watchTransactions(tp);
    await (
      await waitVisible(page, page.getByRole("button", { name: "Create proposal" }), 'the "Create proposal" button')
    ).click();
    // The page leaves for the new proposal as soon as the receipt is in, so the "confirmed" state
    // may be gone before it is seen: landing there is the confirmation.
    await page.waitForURL(/\/governance\/proposals\/\d+$/, { timeout: 60_000 }).catch(async (e) => {
      await txs.confirmed("propose", 1_000);
      throw new Error(
        `after "Create proposal", waited 60 s to land on the proposal's page (/governance/proposals/<id>); at ${page.url()}: ${(e as Error).message.split("\n")[0]}`,
      );
    });
    await waitVisible(page, page.getByText(description), "the new proposal's description on its page");
    await tp.screenshot("proposal-pending");

    const { publicClient } = clients(h.system.rpcUrl, h.system.summary.chainId, h.system.key("Alice"));
    const governor = h.system.summary.contracts.ReputationGovernor as `0x${string}`;
    const settings = (await publicClient.readContract({
      address: governor,
      abi: reputationGovernorAbi,
      functionName: "settings",
    })) as {
      votingDelay: number | bigint;
    };
    await increaseTime(h.system.rpcUrl, Number(settings.votingDelay) + 1);
    await page.reload();
    const state = page.getByTestId("proposal-state");
    await waitUntil(
      page,
      async () => /active|voting/i.test(await text(state.first())),
      'data-testid="proposal-state" to show the proposal in voting after the clock moved',
      60_000,
    );

    const tallyFor = await waitVisible(
      page,
      page.getByTestId("tally-for"),
      'the tally of votes for (data-testid="tally-for")',
    );
    const forBefore = Number.parseFloat(await text(tallyFor));
    const voteTx = await watchTransactions(tp);
    await (await waitVisible(page, page.getByRole("button", { name: "Vote for" }), 'the "Vote for" button')).click();
    await voteTx.confirmed("vote for", 60_000);
    await waitUntil(
      page,
      async () => Number.parseFloat(await text(tallyFor)) > forBefore,
      `data-testid="tally-for" to rise above ${forBefore} with Alice's vote`,
    );
    await tp.screenshot("proposal-voted");
  } finally {
    await tp.close();
  }
});

test("governance: delegate to Bob, see the chain you → Bob, revoke and vote with your own power again", {
  timeout: 180_000,
}, async () => {
  const tp = await walletPage(h, { role: "Alice" });
  const { page } = tp;
  const bob = h.system.address("Bob");
  const bobShown = new RegExp(`${bob.slice(0, 6)}.*${bob.slice(-4)}`, "i");
  try {
    await visit(tp, "/governance");
    await connectWallet(tp);
    const chain = page.getByTestId("delegation-chain");
    await waitVisible(page, chain, 'the delegation chain (data-testid="delegation-chain")');
    const power = page.getByTestId("voting-power");
    const ownPower = await text(power);

    await page.getByLabel("Delegate to").fill(bob);
    await page.getByLabel("Days it lasts").fill("10");
    const delegateTx = await watchTransactions(tp);
    await page.getByRole("button", { name: "Delegate", exact: true }).click();
    await delegateTx.confirmed("delegate to Bob", 60_000);
    await waitUntil(
      page,
      async () => bobShown.test(await text(chain)),
      `the delegation chain to show Bob (${bob}) above you`,
    );
    await waitVisible(page, page.getByText(/You delegate to/), '"You delegate to …" under the chain');
    await tp.screenshot("governance-delegated");

    const revokeTx = await watchTransactions(tp);
    await page.getByRole("button", { name: "Revoke delegation" }).click();
    await revokeTx.confirmed("revoke the delegation", 60_000);
    await waitUntil(page, async () => !bobShown.test(await text(chain)), "Bob to leave the delegation chain");
    await waitVisible(page, page.getByText("You vote with your own power."), '"You vote with your own power." again');
    await waitUntil(
      page,
      async () => (await text(power)) === ownPower,
      `the voting power to be ${ownPower} again after revoking`,
    );
  } finally {
    await tp.close();
  }
});

test("governance: an agent's request that nobody vetoed is executed from the page once its delay is over", {
  timeout: 180_000,
}, async () => {
  const { rpcUrl, summary } = h.system;
  // Carol, the other registered agent: Bob's key is busy in his worker, which keeps its own nonces.
  const carol = clients(rpcUrl, summary.chainId, h.system.key("Carol"));
  const timelock = summary.contracts.AgentTimelock as `0x${string}`;
  const karma = summary.contracts.KarmaRegistry as `0x${string}`;
  const description = `E2E request ${new Date().toISOString()}: EMA rate 0.2`;
  const action = {
    target: karma,
    value: 0n,
    data: encodeFunctionData({ abi: karmaRegistryAbi, functionName: "setAlpha", args: [parseEther("0.2")] }),
  };
  // The agent submits from its own side, not through the app.
  const submitted = await carol.publicClient.simulateContract({
    account: carol.account,
    address: timelock,
    abi: agentTimelockAbi,
    functionName: "submit",
    args: [[action], description],
  });
  await carol.publicClient.waitForTransactionReceipt({
    hash: await carol.walletClient.writeContract(submitted.request),
  });
  const requestId = submitted.result;
  const config = await carol.publicClient.readContract({
    address: timelock,
    abi: agentTimelockAbi,
    functionName: "config",
  });
  await increaseTime(rpcUrl, Number(config.delay) + 1);

  // Anyone may execute. Dana's key, which no worker holds: moving the clock a week sets Alice's
  // keeper (in her verifier) sending expiries with her key, whose nonces a test wallet would race.
  const tp = await walletPage(h, { role: "Dana" });
  const { page } = tp;
  try {
    await visit(tp, "/governance");
    await connectWallet(tp);
    const row = page.locator(`[data-testid="agent-request"][data-request-id="${requestId}"]`);
    await waitVisible(page, row, `the row of request #${requestId} ("${description}")`);
    await waitUntil(
      page,
      async () => /ready/i.test(await text(row.getByTestId("request-state"))),
      `request #${requestId} to show "Ready" once its delay is over`,
    );
    const txs = await watchTransactions(tp);
    await row.getByRole("button", { name: "Execute" }).click();
    await txs.confirmed(`execute request #${requestId}`, 60_000);
    await waitUntil(
      page,
      async () => /executed/i.test(await text(row.getByTestId("request-state"))),
      `request #${requestId} to show "Executed"`,
    );
    const alpha = await carol.publicClient.readContract({
      address: karma,
      abi: karmaRegistryAbi,
      functionName: "alpha",
    });
    assert.equal(alpha, parseEther("0.2"), "the executed request did not set the karma EMA rate");
    await tp.screenshot("governance-executed");
  } finally {
    await tp.close();
  }
});
