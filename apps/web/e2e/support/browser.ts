/**
 * Debian's Chromium (playwright-core, no downloaded browser), one page per test, full-page
 * screenshots in apps/web/test-results/screenshots/<name>.png, and waits that say what they
 * waited for when they fail.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const screenshotDir = path.resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function chromiumPath(): string {
  return process.env.AOS_CHROMIUM_PATH || "/usr/bin/chromium";
}

export async function launchBrowser(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  } catch (e) {
    throw new Error(
      `could not launch Chromium at ${chromiumPath()} (bash scripts/setup.sh installs it; AOS_CHROMIUM_PATH picks another): ${(e as Error).message.split("\n")[0]}`,
    );
  }
}

export type TestPage = {
  page: Page;
  context: BrowserContext;
  /** Errors the page threw and console errors, for failure messages. */
  problems: string[];
  /** Saves a full-page PNG as test-results/screenshots/<name>.png once loading skeletons are gone (10 s at most); returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
};

/** A fresh context and page (no storage shared with other tests). */
export async function openPage(
  browser: Browser,
  { viewport = DESKTOP, baseURL }: { viewport?: { width: number; height: number }; baseURL?: string } = {},
): Promise<TestPage> {
  const context = await browser.newContext({ viewport, baseURL, reducedMotion: "reduce" });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text().slice(0, 300)}`);
  });
  return {
    page,
    context,
    problems,
    async screenshot(name: string) {
      await mkdir(screenshotDir, { recursive: true });
      const file = path.join(screenshotDir, `${name}.png`);
      await settled(page);
      // From the top, so that the sticky top bar is drawn at the top of the picture.
      // (Expressions as strings: bench/web.ts brings this file into the root project, typed without the DOM.)
      await page.evaluate("window.scrollTo(0, 0)");
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => context.close(),
  };
}

/**
 * Waits until `locator` is visible; on timeout, fails naming `what`, the page's address, its
 * alerts and the page's errors.
 */
export async function waitVisible(page: Page, locator: Locator, what: string, timeoutMs = 30_000): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: "visible", timeout: timeoutMs });
    return locator.first();
  } catch (e) {
    throw await explain(page, `waited ${timeoutMs / 1000} s for ${what}`, e);
  }
}

/** Polls `check` (a condition on the page) until true; fails naming `what`. */
export async function waitUntil(
  page: Page,
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw await explain(page, `waited ${timeoutMs / 1000} s for ${what}`, last);
}

/** Waits (10 s at most, never failing) until no loading skeleton is visible. */
export async function settled(page: Page, timeoutMs = 10_000): Promise<void> {
  await page
    .waitForFunction(
      '[...document.querySelectorAll(".skeleton")].every((el) => el.getClientRects().length === 0)',
      undefined,
      { timeout: timeoutMs, polling: 200 },
    )
    .catch(() => undefined);
}

/** A locator's text, trimmed ("" when it has none). */
export async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").trim();
}

/** An error saying what was awaited, where, and what the page showed instead. */
export async function explain(page: Page, message: string, cause?: unknown): Promise<Error> {
  let url = "";
  let alerts: string[] = [];
  let heading = "";
  try {
    url = new URL(page.url()).pathname + new URL(page.url()).search;
    alerts = (await page.getByRole("alert").allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    heading = ((await page.locator("h1").first().textContent({ timeout: 1000 })) ?? "").trim();
  } catch {
    // the page may be gone
  }
  const lines = [`${message} on ${url || "(no page)"}`];
  if (heading) lines.push(`  the page's heading: "${heading}"`);
  if (alerts.length > 0)
    lines.push(`  alerts on the page: ${alerts.map((a) => JSON.stringify(a.slice(0, 300))).join("; ")}`);
  if (cause instanceof Error && !/Timeout .* exceeded/.test(cause.message))
    lines.push(`  cause: ${cause.message.split("\n")[0]}`);
  return new Error(lines.join("\n"));
}
