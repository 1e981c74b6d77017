/**
 * The web app's tests (`npm test` in apps/web, run by the root `npm test`):
 *   1. vitest: component and hook tests (src/**\/*.test.tsx), no chain needed;
 *   2. end to end: one local system (scripts/start.ts on the e2e ports, see e2e/support/system.ts)
 *      shared by every e2e/*.test.ts, run with node:test in Debian's Chromium, one file at a time.
 *
 * Both report in lines the root runner counts: vitest's totals are printed as "ℹ pass N" /
 * "ℹ fail N" (node:test's own summary already is). Exits non-zero on any failure.
 *
 *   node scripts/test.ts [--unit-only | --e2e-only] [e2e files...]
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchSystem, type System } from "../e2e/support/system.ts";

const webDir = path.resolve(import.meta.dirname, "..");
const root = path.resolve(webDir, "..", "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "unit-only": { type: "boolean" }, "e2e-only": { type: "boolean" }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log(`Usage: node scripts/test.ts [--unit-only | --e2e-only] [e2e/<file>.test.ts ...]

vitest's component tests, then the end-to-end tests in Chromium against one local system
started on its own ports (AOS_E2E_*_PORT, see e2e/support/system.ts). Screenshots go to
apps/web/test-results/screenshots/.`);
  process.exit(0);
}

/** The flows' order matters a little: governance moves the chain's clock, so it runs late; the human vote (personhood) needs the seeded proposal still in voting. */
const E2E_ORDER = ["wallet", "tasks", "personhood", "simulations", "pages", "governance"];

function e2eFiles(): string[] {
  if (positionals.length > 0) return positionals;
  const dir = path.join(webDir, "e2e");
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".test.ts")) : [];
  const rank = (f: string) => {
    const i = E2E_ORDER.indexOf(f.replace(/\.test\.ts$/, ""));
    return i === -1 ? E2E_ORDER.length : i;
  };
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((f) => path.join("e2e", f));
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: webDir, env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

type Counts = { passed: number; failed: number };

async function unit(): Promise<Counts> {
  console.log("\n--- apps/web: component tests (vitest)");
  const out = path.join(webDir, "test-results", "vitest.json");
  await mkdir(path.dirname(out), { recursive: true });
  await rm(out, { force: true });
  const code = await run(process.execPath, [
    path.join(root, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
  ]);
  let counts: Counts = { passed: 0, failed: 0 };
  try {
    const report = JSON.parse(await readFile(out, "utf8")) as { numPassedTests: number; numFailedTests: number };
    counts = { passed: report.numPassedTests, failed: report.numFailedTests };
  } catch {
    // No report: vitest did not get as far as running tests.
  }
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  // In node:test's words, so that the root runner counts them.
  console.log(`vitest: ${counts.passed} passed, ${counts.failed} failed`);
  console.log(`ℹ pass ${counts.passed}`);
  console.log(`ℹ fail ${counts.failed}`);
  return counts;
}

async function e2e(): Promise<Counts> {
  const files = e2eFiles();
  console.log(`\n--- apps/web: end-to-end tests in Chromium (${files.length} files)`);
  if (files.length === 0) return { passed: 0, failed: 0 };
  let system: System | undefined;
  const started = Date.now();
  const stopOnSignal = () => {
    void system?.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    process.stdout.write(
      "- starting the local system for the e2e tests (scripts/start.ts; a web build when stale)... ",
    );
    try {
      system = await launchSystem();
    } catch (e) {
      console.log("failed");
      console.log(`\n${(e as Error).message}`);
      // Every flow fails when the system does not start: one failure says so.
      console.log("ℹ fail 1");
      return { passed: 0, failed: 1 };
    }
    console.log(`done (${system.startSeconds.toFixed(1)} s): ${system.webUrl}`);
    const { webUrl, rpcUrl, gatewayUrl, stateDir, startSeconds } = system;
    // One node:test run per file, in E2E_ORDER (node:test would sort them): each prints its own
    // "ℹ pass N" / "ℹ fail N", which the root runner adds up.
    let failed = 0;
    for (const file of files) {
      const fileStarted = Date.now();
      const code = await run(process.execPath, ["--test", "--test-reporter=spec", "--test-concurrency=1", file], {
        ...process.env,
        AOS_E2E_SYSTEM: JSON.stringify({ webUrl, rpcUrl, gatewayUrl, stateDir, startSeconds }),
      });
      console.log(
        `e2e ${file}: ${code === 0 ? "passed" : "FAILED"} in ${((Date.now() - fileStarted) / 1000).toFixed(1)} s`,
      );
      if (code !== 0) failed++;
    }
    return { passed: 0, failed };
  } finally {
    await system?.stop();
    console.log(`e2e: ${((Date.now() - started) / 1000).toFixed(0)} s in all, the system's start included`);
  }
}

let failed = false;
if (!values["e2e-only"]) failed = (await unit()).failed > 0 || failed;
if (!values["unit-only"]) failed = (await e2e()).failed > 0 || failed;
process.exit(failed ? 1 : 0);
