/**
 * Runs every suite of AOS and ends with one plain line: `N passed, N failed`.
 *
 *   npm test [-- --only NAME[,NAME...]] [-- --help]
 *
 * Suites, in order: build (contracts with warnings as errors, bindings), lint, typecheck,
 * Solidity tests (unit, fuzz, invariant, attack; with the gas snapshot checked), TypeScript
 * tests against Hardhat's chain, and each workspace package's own tests.
 * A check that is not a test runner (build, lint, typecheck, gas snapshot) counts as one test.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env, HARDHAT_DISABLE_TELEMETRY: "true", FORCE_COLOR: "0", NO_COLOR: "1" };

type Counts = { passed: number; failed: number };
type Suite = { name: string; run: () => Promise<Counts> };

const { values } = parseArgs({
  options: { help: { type: "boolean", short: "h" }, only: { type: "string" } },
});
if (values.help) {
  console.log(`Usage: npm test [-- --only build,lint,typecheck,solidity,ts,packages]

Runs every AOS suite and ends with "N passed, N failed".`);
  process.exit(0);
}

function exec(command: string, args: string[], cwd = root): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const onData = (d: Buffer) => {
      output += d;
      process.stdout.write(d);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A check that either passes or fails as a whole. */
async function check(command: string, args: string[], verify?: (output: string) => string | undefined) {
  const { code, output } = await exec(command, args);
  const problem = code !== 0 ? `exit code ${code}` : verify?.(output);
  if (problem) console.log(`\n  check failed: ${problem}`);
  return problem ? { passed: 0, failed: 1 } : { passed: 1, failed: 0 };
}

/** Counts from mocha-style ("N passing", "N failing") and node:test ("ℹ pass N") summaries. */
function countTests(output: string): Counts {
  let passed = 0;
  let failed = 0;
  for (const m of output.matchAll(/^\s*(\d+) passing/gm)) passed += Number(m[1]);
  for (const m of output.matchAll(/^\s*(\d+) failing/gm)) failed += Number(m[1]);
  for (const m of output.matchAll(/^ℹ pass (\d+)/gm)) passed += Number(m[1]);
  for (const m of output.matchAll(/^ℹ fail (\d+)/gm)) failed += Number(m[1]);
  return { passed, failed };
}

async function runner(command: string, args: string[], cwd = root): Promise<Counts> {
  const { code, output } = await exec(command, args, cwd);
  const counts = countTests(output);
  // A runner that failed without reporting a failing test (a crash, a compile error) still fails.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  if (code === 0 && counts.passed === 0) {
    console.log("\n  runner reported no test: counted as a failure");
    counts.failed += 1;
  }
  return counts;
}

/**
 * Warnings as errors, except two that are understood: the one solc prints for every use of
 * transient storage, and the code size of PoseidonT3 where it is compiled as a dependency of the
 * personhood registry (a linked library: its deployed artifact comes from its own job, compiled
 * by the override in hardhat.config.ts to 16 KB).
 */
function compilerWarnings(output: string): string | undefined {
  const blocks = output.split(/\n(?=Warning: )/).filter((b) => b.startsWith("Warning: "));
  const unexpected = blocks.filter(
    (b) =>
      !(b.includes("Transient storage") && b.includes("@openzeppelin/contracts/utils/TransientSlot.sol")) &&
      !(b.includes("Contract code size") && b.includes("poseidon-solidity/PoseidonT3.sol")),
  );
  return unexpected.length > 0 ? `${unexpected.length} compiler warning(s)` : undefined;
}

const packageTests = ["packages/params", "packages/sdk", "packages/sim", "packages/cli", "workers", "apps/web"].filter(
  (dir) => {
    const manifest = path.join(root, dir, "package.json");
    if (!existsSync(manifest)) return false;
    return Boolean((JSON.parse(readFileSync(manifest, "utf8")) as { scripts?: { test?: string } }).scripts?.test);
  },
);

const hardhat = path.join(root, "node_modules", "hardhat", "dist", "src", "cli.js");
const node = process.execPath;
const suites: Suite[] = [
  {
    name: "build",
    run: async () => {
      const compiled = await check(node, [hardhat, "build", "--force"], compilerWarnings);
      const generated = await check(node, ["scripts/codegen.ts"]);
      return { passed: compiled.passed + generated.passed, failed: compiled.failed + generated.failed };
    },
  },
  {
    name: "lint",
    run: async () => {
      const results = [
        await check(bin("biome"), ["check", "."]),
        await check(bin("prettier"), ["--check", "contracts/**/*.sol", "test/contracts/**/*.sol"]),
        await check(bin("solhint"), ["--max-warnings", "0", "contracts/**/*.sol"]),
      ];
      return results.reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed }));
    },
  },
  { name: "typecheck", run: () => check(node, ["scripts/typecheck.ts"]) },
  {
    name: "solidity",
    // One run: the tests, then the gas snapshot check that Hardhat does when they all pass.
    run: async () => {
      const { code, output } = await exec(node, [hardhat, "test", "solidity", "--no-compile", "--snapshot-check"]);
      const counts = countTests(output);
      const gasChecked = output.includes("Snapshot check passed");
      if (counts.passed === 0) counts.failed += 1;
      if (counts.failed === 0 && code !== 0 && gasChecked) counts.failed += 1;
      console.log(`\n  gas snapshot check: ${gasChecked ? "passed" : "FAILED (or not reached)"}`);
      return { passed: counts.passed + (gasChecked ? 1 : 0), failed: counts.failed + (gasChecked ? 0 : 1) };
    },
  },
  { name: "ts", run: () => runner(node, [hardhat, "test", "nodejs", "--no-compile"]) },
  {
    name: "packages",
    run: async () => {
      const total = { passed: 0, failed: 0 };
      for (const dir of packageTests) {
        console.log(`\n--- ${dir}`);
        const counts = await runner("npm", ["test", "--silent"], path.join(root, dir));
        total.passed += counts.passed;
        total.failed += counts.failed;
      }
      return total;
    },
  },
];

const only = values.only?.split(",").map((s) => s.trim());
const selected = only ? suites.filter((s) => only.includes(s.name)) : suites;
const unknown = only?.filter((n) => !suites.some((s) => s.name === n)) ?? [];
if (unknown.length > 0) {
  console.error(`test: unknown suite(s) ${unknown.join(", ")}; known: ${suites.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

const summary: { name: string; counts: Counts; seconds: number }[] = [];
for (const suite of selected) {
  console.log(`\n=== ${suite.name}`);
  const started = Date.now();
  const counts = await suite.run();
  summary.push({ name: suite.name, counts, seconds: (Date.now() - started) / 1000 });
}

console.log("\n=== summary");
for (const s of summary) {
  console.log(
    `${s.name.padEnd(10)} ${String(s.counts.passed).padStart(5)} passed ${String(s.counts.failed).padStart(4)} failed  (${s.seconds.toFixed(0)} s)`,
  );
}
const passed = summary.reduce((n, s) => n + s.counts.passed, 0);
const failed = summary.reduce((n, s) => n + s.counts.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
