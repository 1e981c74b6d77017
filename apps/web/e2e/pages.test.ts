/** Every main page renders its heading without page errors; a full-page screenshot of each. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { PHONE, waitVisible } from "./support/browser.ts";
import { connectWallet, setupHarness, visit, walletPage } from "./support/harness.ts";

const h = setupHarness();

test("pages: every main page at desktop width, /tasks on a phone", { timeout: 300_000 }, async (t) => {
  const { summary } = h.system;
  const routes: [string, string][] = [
    ["home", "/"],
    ["tasks", "/tasks"],
    ["task", `/tasks/${summary.tasks.find((x) => x.state === "Submitted")?.id ?? "1"}`],
    ["tasks-new", "/tasks/new"],
    ["agents", "/agents"],
    ["agent", `/agents/${h.system.address("Bob")}`],
    ["governance", "/governance"],
    ["proposal", `/governance/proposals/${summary.governance.proposal.id}`],
    ["personhood", "/personhood"],
    ["workers", "/workers"],
    ["simulations", "/simulations"],
  ];
  const tp = await walletPage(h);
  try {
    await visit(tp, "/");
    await connectWallet(tp);
    const failures: string[] = [];
    for (const [name, path] of routes) {
      await t.test(path, async () => {
        const errorsBefore = tp.problems.length;
        try {
          await visit(tp, path);
          // Let the data arrive (skeletons replaced) before the picture.
          await tp.page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => undefined);
          await tp.screenshot(`page-${name}`);
          const pageErrors = tp.problems.slice(errorsBefore).filter((p) => p.startsWith("page error"));
          assert.deepEqual(pageErrors, [], `${path} threw in the browser`);
        } catch (e) {
          failures.push(path);
          await tp.screenshot(`page-${name}-failed`).catch(() => undefined);
          throw e;
        }
      });
    }
  } finally {
    await tp.close();
  }
  const phone = await walletPage(h, { viewport: PHONE });
  try {
    await visit(phone, "/tasks");
    await waitVisible(
      phone.page,
      phone.page.getByTestId("task-row"),
      'a row data-testid="task-row" on /tasks at phone width',
    );
    await phone.page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => undefined);
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await phone.screenshot("page-tasks-phone");
    assert.ok(overflow <= 1, `/tasks scrolls sideways by ${overflow}px at ${PHONE.width}px wide`);
  } finally {
    await phone.close();
  }
});
