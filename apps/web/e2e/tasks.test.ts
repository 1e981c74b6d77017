/**
 * A task's life in the app: the requester creates a simulation task with an ETH bounty, Bob's
 * worker claims and submits it (seen on the task's timeline), the requester accepts the result
 * and sees the payment. The requester is the deployer: Alice's verifier accepts Alice's
 * simulation tasks by itself, which would leave nothing to click.
 */
import { test } from "node:test";
import { explain, text, waitUntil, waitVisible } from "./support/browser.ts";
import { connectWallet, setupHarness, visit, walletPage } from "./support/harness.ts";

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
