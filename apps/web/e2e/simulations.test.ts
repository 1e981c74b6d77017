/** Simulations in the browser: a DCOS run, then a governance run, each until its charts have data. */
import { test } from "node:test";
import type { Page } from "playwright-core";
import { waitUntil, waitVisible } from "./support/browser.ts";
import { setupHarness, visit, walletPage } from "./support/harness.ts";

const h = setupHarness();

async function chartsReady(page: Page, ids: string[], timeoutMs: number) {
  for (const id of ids) {
    const chart = page.getByTestId(id);
    await waitVisible(page, chart, `the chart data-testid="${id}"`, timeoutMs);
    await waitUntil(
      page,
      async () => (await chart.first().getAttribute("data-ready")) === "true",
      `data-ready="true" on data-testid="${id}"`,
      timeoutMs,
    );
  }
}

async function start(page: Page, kind: RegExp, what: string) {
  const choice = page.getByRole("tab", { name: kind }).or(page.getByRole("radio", { name: kind }));
  if ((await choice.count()) > 0) await choice.first().click();
  else {
    const select = page.getByLabel(/simulation|scenario|kind|model/i).and(page.locator("select"));
    if ((await select.count()) > 0) {
      const label = (await select.first().locator("option").allInnerTexts()).find((t) => kind.test(t));
      if (!label) throw new Error(`no ${what} option in the simulation picker`);
      await select.first().selectOption({ label });
    }
  }
  await (
    await waitVisible(
      page,
      page.getByRole("button", { name: "Start simulation" }),
      `the "Start simulation" button for a ${what} run`,
    )
  ).click();
}

test("simulations: a DCOS run draws its charts, then a governance run", { timeout: 420_000 }, async () => {
  const tp = await walletPage(h);
  const { page } = tp;
  try {
    await visit(tp, "/simulations");
    await start(page, /dcos|twin/i, "DCOS");
    await chartsReady(page, ["chart-thermal-heatmap", "chart-detection-histogram", "chart-incidents"], 180_000);
    await tp.screenshot("simulations-dcos");
    await start(page, /governance/i, "governance");
    await chartsReady(page, ["chart-decision-flow", "chart-reputation-network"], 180_000);
    await tp.screenshot("simulations-governance");
  } finally {
    await tp.close();
  }
});
