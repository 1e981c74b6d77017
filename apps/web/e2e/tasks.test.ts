/**
 * Tasks in the app. A task's life: the requester creates a simulation task with an ETH bounty, Bob's
 * worker claims and submits it (seen on the task's timeline), the requester accepts the result
 * and sees the payment. The requester is the deployer: Alice's verifier accepts Alice's
 * simulation tasks by itself, which would leave nothing to click. Then an ERC-20 bounty with its
 * approval step and a karma requirement, cancelled while open (the bounty comes back), and a
 * dispute of the seeded submitted task with its bond.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { erc20Abi, parseEther } from "viem";
import { explain, text, waitUntil, waitVisible } from "./support/browser.ts";
import { clients } from "./support/chain.ts";
import { connectWallet, setupHarness, visit, walletPage, watchTransactions } from "./support/harness.ts";

const h = setupHarness();

test("tasks: create a simulation task, see it claimed and submitted, accept it, see the payment", {
  timeout: 300_000,
}, async () => {
  const tp = await walletPage(h, { role: "deployer" });
  const { page } = tp;
  try {
    await visit(tp, "/tasks/new");
    await connectWallet(tp);

    const sim = await waitVisible(
      page,
      page.getByRole("radio", { name: /simulation/i }),
      'the "DCOS simulation" task type (a radio) on /tasks/new',
    );
    await sim.check();
    const bounty = await waitVisible(page, page.getByLabel(/bounty/i), 'the "Bounty" field on /tasks/new');
    await bounty.fill("0.03");
    await tp.screenshot("task-new-filled");
    const create = await waitVisible(
      page,
      page.getByRole("button", { name: "Create task" }),
      'the "Create task" button',
    );
    await create.click();

    try {
      await page.waitForURL(/\/tasks\/\d+$/, { timeout: 90_000 });
    } catch (e) {
      throw await explain(page, 'waited 90 s to land on the new task\'s page (/tasks/<id>) after "Create task"', e);
    }
    const taskPath = new URL(page.url()).pathname;
    const state = page.getByTestId("task-state");
    await waitVisible(page, state, `data-testid="task-state" on ${taskPath}`);
    await tp.screenshot("task-created");

    // Bob's worker claims, simulates and submits: the state and the timeline follow.
    await waitUntil(
      page,
      async () => /submitted/i.test(await text(state.first())),
      `the task's state (data-testid="task-state") to become "Submitted" as Bob's worker claims and submits it`,
      120_000,
    );
    const timeline = page.locator(".timeline").or(page.getByRole("list", { name: /timeline|history/i }));
    await waitVisible(page, timeline, "the task's timeline");
    await waitUntil(
      page,
      async () => {
        const events = await text(timeline.first());
        return /claimed/i.test(events) && /submitted/i.test(events);
      },
      'the timeline to show "Claimed" and "Submitted"',
    );
    await tp.screenshot("task-submitted");

    const accept = await waitVisible(
      page,
      page.getByRole("button", { name: "Accept result" }),
      'the "Accept result" button',
    );
    await accept.click();
    const payment = await waitVisible(
      page,
      page.getByTestId("task-payment"),
      'data-testid="task-payment" after "Accept result"',
      60_000,
    );
    await waitUntil(
      page,
      async () => /accepted/i.test(await text(state.first())),
      'the task\'s state to become "Accepted"',
    );
    await waitUntil(page, async () => /0\.03|ETH/.test(await text(payment)), "the payment to show the bounty in ETH");
    await tp.screenshot("task-accepted");
  } finally {
    await tp.close();
  }
});

test("tasks: an ERC-20 bounty takes an approval first; the requester cancels the open task and gets it back", {
  timeout: 300_000,
}, async () => {
  const tp = await walletPage(h, { role: "Alice" });
  const { page } = tp;
  const { publicClient, account } = clients(h.system.rpcUrl, h.system.summary.chainId, h.system.key("Alice"));
  const token = h.system.summary.contracts.DemoToken as `0x${string}`;
  const balance = () =>
    publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account.address] });
  try {
    await visit(tp, "/tasks/new");
    await connectWallet(tp);
    await (await waitVisible(page, page.getByLabel("Prompt"), 'the "Prompt" field on /tasks/new')).fill(
      "Summarise the escrow's dispute rules for a newcomer.",
    );
    await page.getByRole("radio", { name: /demo token/i }).check();
    await page.getByLabel(/bounty/i).fill("12");
    // A requirement picked from the registry's dimensions.
    await page.getByRole("button", { name: "Add a requirement" }).click();
    const dimension = page.getByLabel("Dimension 1");
    await waitVisible(page, dimension, 'the first requirement\'s "Dimension 1" select');
    const options = await dimension.locator("option").allTextContents();
    const completion = options.find((o) => /completion/i.test(o));
    if (!completion) throw await explain(page, `no task-completion dimension among ${JSON.stringify(options)}`);
    await dimension.selectOption({ label: completion });

    const approve = await waitVisible(
      page,
      page.getByRole("button", { name: /^Approve 12/ }),
      'the "Approve 12 aUSD" step (the bounty is an ERC-20)',
    );
    const approval = await watchTransactions(tp);
    await approve.click();
    await approval.confirmed("approve the escrow", 60_000);
    await waitVisible(page, page.getByText(/no approval needed/i), '"no approval needed" once the allowance is in');
    await tp.screenshot("task-new-token-approved");

    const before = await balance();
    await page.getByRole("button", { name: "Create task" }).click();
    try {
      await page.waitForURL(/\/tasks\/\d+$/, { timeout: 90_000 });
    } catch (e) {
      throw await explain(page, 'waited 90 s to land on the new task\'s page after "Create task"', e);
    }
    const state = page.getByTestId("task-state");
    await waitUntil(page, async () => /open/i.test(await text(state.first())), 'the new task to be "Open"');
    await waitVisible(page, page.getByText(/12 aUSD/).first(), 'the bounty "12 aUSD" on the task page');
    assert.equal(before - (await balance()), parseEther("12"), "creating the task did not lock 12 aUSD");

    const cancelTx = await watchTransactions(tp);
    await (await waitVisible(page, page.getByRole("button", { name: "Cancel task" }), '"Cancel task"')).click();
    await cancelTx.confirmed("cancel the task", 60_000);
    await waitUntil(page, async () => /cancelled/i.test(await text(state.first())), 'the task to become "Cancelled"');
    assert.equal(await balance(), before, "cancelling did not return the 12 aUSD bounty");
    await tp.screenshot("task-cancelled");
  } finally {
    await tp.close();
  }
});

test("tasks: the requester disputes a submitted result, posting the bond; the case goes to the jury", {
  timeout: 120_000,
}, async () => {
  const submitted = h.system.summary.tasks.find((t) => t.state === "Submitted");
  assert.ok(submitted, "the seed has no submitted task");
  const tp = await walletPage(h, { role: "Alice" });
  const { page } = tp;
  try {
    await visit(tp, `/tasks/${submitted.id}`);
    await connectWallet(tp);
    const state = page.getByTestId("task-state");
    await waitUntil(
      page,
      async () => /submitted/i.test(await text(state.first())),
      `task #${submitted.id} to be "Submitted"`,
    );
    await waitVisible(page, page.getByText(/posts a bond of/), "the dispute bond's amount, said before disputing");
    const disputeTx = await watchTransactions(tp);
    await page.getByRole("button", { name: "Dispute", exact: true }).click();
    await disputeTx.confirmed("dispute", 60_000);
    await waitUntil(page, async () => /disputed/i.test(await text(state.first())), 'the task to become "Disputed"');
    await waitVisible(page, page.getByText(/jury case #\d+/), 'the jury case ("jury case #N") on the task page');
    await waitVisible(
      page,
      page.getByText(/jury is deciding/i),
      "that the jury decides now, with nothing left to click",
    );
    await tp.screenshot("task-disputed");
  } finally {
    await tp.close();
  }
});
