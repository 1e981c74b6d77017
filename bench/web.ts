/**
 * Web app benchmark: `npm run bench:web`. Starts the local system the way the e2e tests do
 * (scripts/start.ts on the e2e ports 18545/18790/13000/19464, state in .aos/e2e, the web app
 * built into apps/web/.next-e2e when stale; see apps/web/e2e/support/system.ts), drives Debian's
 * Chromium, prints a table, then three result lines last.
 *
 * - first_load_js_kb: the largest, over the main routes, of the JavaScript a route's first load
 *   costs: in a fresh browser context (empty cache), the script files (`<script src>`) that the
 *   route's server-rendered HTML references and that the browser fetched before the page's load
 *   event, each compressed with gzip level 9, summed, in KB (1,000 bytes). Chunks loaded later
 *   (next/dynamic charts, the proof worker) and the inline RSC payload are not counted.
 *   Budget <= 250.
 * - tasks_page_interactive_ms: with 100 more tasks created on the chain by the deployer's dev key,
 *   the median over 7 navigations (each in a fresh context, empty cache) of the time from
 *   navigation start (performance.timeOrigin) to the moment 100 rows data-testid="task-row" are
 *   rendered and every control of the "Filter tasks" form is enabled and hydrated (React has
 *   attached its handlers, so a change of filter takes effect; a server-rendered control that
 *   only looks ready does not count). Target <= 1500.
 * - veto_proof_ms: the median of 5 runs of /personhood/benchmark?members=1000&auto=1 (a Semaphore
 *   proof for a 1,000-member group, in the browser's worker), as the page reports it in
 *   data-testid="proof-ms" once its data-state is "done". Target <= 2000.
 *
 * BENCH_WEB_NAVIGATIONS (7) and BENCH_WEB_PROOFS (5) change the run counts.
 */
import { gzipSync } from "node:zlib";
import { createTask, getAddresses, TASK_TYPES } from "@aos/sdk";
import { type Browser, chromium, type Page } from "playwright-core";
import { type Hex, parseEther } from "viem";
import { CHROMIUM_ARGS, chromiumPath, DESKTOP } from "../apps/web/e2e/support/browser.ts";
import { chainTime, clients } from "../apps/web/e2e/support/chain.ts";
import { launchSystem, type System } from "../apps/web/e2e/support/system.ts";
import { dimensionId } from "../deploy/dimensions.ts";

const progress = (s: string) => process.stderr.write(`${s}\n`);
const count = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function freshPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, baseURL });
  return context.newPage();
}

/** The gzip-9 size of the scripts a route's HTML loads before its load event. */
async function firstLoadJs(
  browser: Browser,
  baseURL: string,
  route: string,
): Promise<{ bytes: number; files: number }> {
  const page = await freshPage(browser, baseURL);
  const fetched = new Map<string, Promise<Buffer | undefined>>();
  let loaded = false;
  page.on("response", (response) => {
    if (loaded || response.request().resourceType() !== "script") return;
    fetched.set(
      response.url(),
      response.body().catch(() => undefined),
    );
  });
  page.once("load", () => {
    loaded = true;
  });
  const response = await page.goto(route, { waitUntil: "load" });
  if (!response || response.status() >= 400) throw new Error(`GET ${route} answered ${response?.status()}`);
  const html = await response.text();
  const referenced = new Set(
    [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map(
      (m) => new URL((m[1] as string).replace(/&amp;/g, "&"), page.url()).href,
    ),
  );
  let bytes = 0;
  let files = 0;
  for (const [url, body] of fetched) {
    if (!referenced.has(url)) continue;
    const buffer = await body;
    if (!buffer) continue;
    bytes += gzipSync(buffer, { level: 9 }).length;
    files++;
  }
  await page.context().close();
  return { bytes, files };
}

/** 100 LLM tasks by the deployer (no worker claims them: no LLM provider is configured). */
async function createTasks(system: System, n: number) {
  const { publicClient, walletClient } = clients(system.rpcUrl, system.summary.chainId, system.key("deployer"));
  const context = { publicClient, walletClient, addresses: getAddresses(system.summary.chainId) };
  const now = await chainTime(system.rpcUrl);
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${system.gatewayUrl}/ipfs?format=dag-json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        schema: "aos/llm-task/1",
        kind: "general",
        domain: "code_review",
        prompt: `Benchmark task ${i + 1}: list three risks of unbounded loops in Solidity.`,
        maxOutputTokens: 500,
        budgetUsd: 0.1,
      }),
    });
    if (!res.ok) throw new Error(`the gateway refused the input of task ${i + 1}: ${res.status} ${await res.text()}`);
    const { digest } = (await res.json()) as { digest: Hex };
    await createTask(context as Parameters<typeof createTask>[0], {
      amount: parseEther("0.001"),
      inputHash: digest,
      taskType: TASK_TYPES.llm,
      domain: dimensionId("accuracy.code_review"),
      deadline: BigInt(now + 7 * 86_400),
      reviewWindow: 86_400,
    });
  }
}

/**
 * Evaluated in the page on every frame (a string: this file is type-checked without the DOM):
 * performance.now() once 100 task rows are rendered and the filter form's controls are enabled
 * and hydrated. React marks an element it has hydrated with its props (a "__reactProps$…" key);
 * the server's HTML alone shows the controls before they answer to anything.
 */
const TASKS_READY = `(() => {
  const rows = [...document.querySelectorAll('[data-testid="task-row"]')].filter((r) => r.getClientRects().length > 0);
  const form = document.querySelector('form[aria-label="Filter tasks"]') || document.querySelector(".filters");
  const controls = form ? [...form.querySelectorAll("input, select, button")] : [];
  const hydrated = (el) => Object.keys(el).some((k) => k.startsWith("__reactProps$"));
  const ready = controls.length > 0 && controls.every((c) => !c.disabled && hydrated(c));
  return rows.length >= 100 && ready ? performance.now() : false;
})()`;

/** ms from navigation start to 100 task rows rendered and the filters enabled. */
async function tasksInteractive(browser: Browser, baseURL: string): Promise<number> {
  const page = await freshPage(browser, baseURL);
  await page.goto("/tasks", { waitUntil: "commit" });
  const handle = await page.waitForFunction(TASKS_READY, undefined, { polling: "raf", timeout: 60_000 });
  const ms = (await handle.jsonValue()) as number;
  await page.context().close();
  return ms;
}

/** One proof of /personhood/benchmark, as the page reports it. */
async function vetoProof(page: Page): Promise<number> {
  await page.goto("/personhood/benchmark?members=1000&auto=1", { waitUntil: "domcontentloaded" });
  const output = page.locator('[data-testid="proof-ms"][data-state="done"]');
  try {
    await output.waitFor({ timeout: 180_000 });
  } catch {
    const state = await page
      .getByTestId("proof-ms")
      .getAttribute("data-state")
      .catch(() => "absent");
    throw new Error(`/personhood/benchmark did not finish a proof within 180 s (proof-ms data-state: ${state})`);
  }
  const text = (await output.textContent()) ?? "";
  const ms = Number(text.replace(/[^\d.]/g, ""));
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`data-testid="proof-ms" says "${text}", not a number of ms`);
  return ms;
}

/** A failed measurement: said on stderr, counted as NaN (the figure becomes NA). */
const failed = (what: string) => (e: unknown) => {
  progress(`bench:web: ${what}: ${(e as Error).message.split("\n")[0]}`);
  return Number.NaN;
};

async function main() {
  progress("bench:web: starting the local system on the e2e ports (a web build when stale) ...");
  const system = await launchSystem();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    progress(`bench:web: system up in ${system.startSeconds.toFixed(0)} s at ${system.webUrl}`);
    const routes = [
      "/",
      "/tasks",
      "/tasks/1",
      "/tasks/new",
      "/agents",
      `/agents/${system.address("Bob")}`,
      "/governance",
      `/governance/proposals/${system.summary.governance.proposal.id}`,
      "/personhood",
      "/workers",
      "/simulations",
    ];
    const rows: [string, string, string][] = [];
    let largest = { route: "", kb: 0 };
    let missing = 0;
    for (const route of routes) {
      progress(`bench:web: first-load JavaScript of ${route} ...`);
      try {
        const { bytes, files } = await firstLoadJs(browser, system.webUrl, route);
        const kb = bytes / 1000;
        const shown = route.replace(/\/(0x[0-9a-fA-F]{40}|\d{12,})$/, "/<seeded>");
        rows.push([`first-load JS ${shown} (${files} files), KB gzip-9`, kb.toFixed(1), ""]);
        if (kb > largest.kb) largest = { route, kb };
      } catch (e) {
        missing++;
        progress(`bench:web: ${route}: ${(e as Error).message.split("\n")[0]}`);
        rows.push([`first-load JS ${route}`, "NA", "page failed"]);
      }
    }
    rows.push([`first-load JS, largest (${largest.route.slice(0, 40)})`, largest.kb.toFixed(1), "<= 250"]);

    progress("bench:web: creating 100 tasks with the deployer's key ...");
    await createTasks(system, 100);
    const navigations = count("BENCH_WEB_NAVIGATIONS", 7);
    const interactive: number[] = [];
    for (let i = 0; i < navigations; i++) {
      progress(`bench:web: /tasks navigation ${i + 1}/${navigations} ...`);
      interactive.push(await tasksInteractive(browser, system.webUrl).catch(failed("/tasks")));
    }
    rows.push([
      `/tasks interactive, 100+ rows, ms (${interactive.map((x) => x.toFixed(0)).join(", ")})`,
      interactive.some(Number.isNaN) ? "NA" : median(interactive).toFixed(0),
      "<= 1500",
    ]);

    const proofs = count("BENCH_WEB_PROOFS", 5);
    const proofMs: number[] = [];
    const page = await freshPage(browser, system.webUrl);
    for (let i = 0; i < proofs; i++) {
      progress(`bench:web: veto proof ${i + 1}/${proofs} (1,000 members) ...`);
      proofMs.push(await vetoProof(page).catch(failed("/personhood/benchmark")));
    }
    await page.context().close();
    rows.push([
      `veto proof, 1,000 members, ms (${proofMs.map((x) => x.toFixed(0)).join(", ")})`,
      proofMs.some(Number.isNaN) ? "NA" : median(proofMs).toFixed(0),
      "<= 2000",
    ]);

    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    process.stdout.write(`${"case".padEnd(w0)}  ${"value".padStart(w1)}  target\n`);
    for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}\n`);
    const figure = (xs: number[]) => (xs.some(Number.isNaN) ? "NA" : String(Math.round(median(xs))));
    process.stdout.write(`first_load_js_kb=${missing > 0 ? "NA" : Math.round(largest.kb)}\n`);
    process.stdout.write(`tasks_page_interactive_ms=${figure(interactive)}\n`);
    process.stdout.write(`veto_proof_ms=${figure(proofMs)}\n`);
    if (missing > 0 || [...interactive, ...proofMs].some(Number.isNaN)) process.exitCode = 1;
  } finally {
    await browser.close().catch(() => undefined);
    await system.stop();
  }
}

await main();
