/**
 * Type-checks every TypeScript project of the workspace (the root scripts, deploy, tests and
 * benchmarks, then each package), failing on the first error.
 *
 *   node scripts/typecheck.ts
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const projects = [".", "packages/sdk", "packages/params", "packages/sim", "packages/cli", "workers", "apps/web"].filter(
  (p) => existsSync(path.join(root, p, "tsconfig.json")),
);
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
let failed = 0;
for (const project of projects) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsc, "-p", project, "--noEmit"], { cwd: root, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) console.log(`typecheck ${project}: ok (${seconds} s)`);
  else {
    failed++;
    console.log(`typecheck ${project}: FAILED`);
  }
}
process.exit(failed === 0 ? 0 : 1);
