/**
 * Runs the aos command as a child process (for tests). Asynchronous on purpose: a test's local
 * chain and gateway are served by the test's own process, which must keep answering meanwhile.
 */
import { spawn } from "node:child_process";
import path from "node:path";

export type AosRun = { code: number | null; stdout: string; stderr: string };

const aos = path.join(import.meta.dirname, "aos.ts");

/** The environment's AOS_RPC_URL and AOS_PRIVATE_KEY are cleared unless `env` sets them. */
export function runAos(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<AosRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [aos, ...args], {
      env: { ...process.env, AOS_RPC_URL: undefined, AOS_PRIVATE_KEY: undefined, ...env },
      cwd,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
