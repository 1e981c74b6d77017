/**
 * The local AOS system for end-to-end tests, started the way the README runs it
 * (`node scripts/start.ts` from the repository root) but beside any running `npm start`: its own
 * ports, state directory (.aos/e2e), Redis prefix and web build directory (apps/web/.next-e2e).
 *
 *   AOS_E2E_CHAIN_PORT (18545), AOS_E2E_GATEWAY_PORT (18790), AOS_E2E_WEB_PORT (13000),
 *   AOS_E2E_OPS_PORT (19464, and the next one): the ports.
 *   AOS_E2E_START_TIMEOUT_S (900): how long startup (a web build included) may take.
 *
 * One start serves a whole run: the e2e runner (scripts/test.ts) starts it and hands it to the
 * test files in AOS_E2E_SYSTEM; a test file run on its own starts (and stops) its own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Hex } from "viem";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..", "..");

/** What `npm start`'s seed wrote (.aos/e2e/local.json). */
export type SeedSummary = {
  chainId: number;
  contracts: Record<string, `0x${string}`>;
  accounts: { role: string; key: Hex; address: `0x${string}` }[];
  tasks: { id: string; state: string; title: string }[];
  governance: {
    personhood: { registrar: string; root: string; members: { seed: string; commitment: string }[] };
    proposal: { id: string; proposer: string; description: string; requiresHumans: boolean };
    agentRequest: { id: string; agent: string; description: string; eta: number };
  };
};

export type SystemInfo = {
  webUrl: string;
  rpcUrl: string;
  gatewayUrl: string;
  stateDir: string;
  /** Seconds from spawning `scripts/start.ts` to the "web app:" line. */
  startSeconds: number;
};

export type System = SystemInfo & {
  summary: SeedSummary;
  /** A dev account's key by role word: "Alice", "Bob", "Carol", "Dana", "deployer". */
  key(role: string): Hex;
  address(role: string): `0x${string}`;
  /** The last lines of the system's output. */
  logTail(lines?: number): string;
  /** Stops the whole process tree (a no-op for a system this process did not start). */
  stop(): Promise<void>;
};

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

export function e2ePorts() {
  return {
    chain: num("AOS_E2E_CHAIN_PORT", 18545),
    gateway: num("AOS_E2E_GATEWAY_PORT", 18790),
    web: num("AOS_E2E_WEB_PORT", 13000),
    ops: num("AOS_E2E_OPS_PORT", 19464),
  };
}

async function withSummary(info: SystemInfo, extra: Pick<System, "logTail" | "stop">): Promise<System> {
  const summary = JSON.parse(await readFile(path.join(info.stateDir, "local.json"), "utf8")) as SeedSummary;
  const account = (role: string) => {
    const found = summary.accounts.find((a) => a.role.toLowerCase().includes(role.toLowerCase()));
    if (!found)
      throw new Error(
        `no seeded account with "${role}" in its role (${summary.accounts.map((a) => a.role).join(", ")})`,
      );
    return found;
  };
  return { ...info, ...extra, summary, key: (r) => account(r).key, address: (r) => account(r).address };
}

/** Kills a detached child's whole process group, SIGTERM first, SIGKILL after `graceMs`. */
async function killTree(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), s);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
  if ((await Promise.race([exited, timer])) === "timeout") signal("SIGKILL");
  // Grandchildren (the chain, the services, the web server) share the group: make sure they went.
  await new Promise((r) => setTimeout(r, 300));
  signal("SIGKILL");
}

/**
 * The system of this run: the one described by AOS_E2E_SYSTEM when the runner started it, else a
 * new one started here.
 */
export async function startSystem(): Promise<System> {
  const shared = process.env.AOS_E2E_SYSTEM;
  if (shared) {
    const info = JSON.parse(shared) as SystemInfo;
    return withSummary(info, {
      logTail: () => "(the system was started by the e2e runner; see its output)",
      stop: async () => {},
    });
  }
  return launchSystem();
}

/** Starts `node scripts/start.ts` on the e2e ports and waits for its "web app:" line. */
export async function launchSystem(): Promise<System> {
  const ports = e2ePorts();
  const stateDir = path.join(repoRoot, ".aos", "e2e");
  await mkdir(stateDir, { recursive: true });
  const logPath = path.join(stateDir, "start.log");
  const log = createWriteStream(logPath);
  const args = [
    path.join(repoRoot, "scripts", "start.ts"),
    "--port",
    String(ports.chain),
    "--gateway-port",
    String(ports.gateway),
    "--web-port",
    String(ports.web),
    "--ops-port",
    String(ports.ops),
    "--state-dir",
    path.relative(repoRoot, stateDir),
    "--redis-prefix",
    "aos-e2e",
  ];
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      AOS_WEB_DIST_DIR: process.env.AOS_E2E_WEB_DIST_DIR || ".next-e2e",
      HARDHAT_DISABLE_TELEMETRY: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      FORCE_COLOR: "0",
    },
    // Its own process group: stopping kills the chain, services and web server with it.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Last resort if this process ends without stopping it (an uncaught error, process.exit).
  const onExit = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  };
  process.once("exit", onExit);

  let output = "";
  const logTail = (lines = 40) => output.split("\n").slice(-lines).join("\n");
  const stop = async () => {
    await killTree(child, 10_000);
    process.removeListener("exit", onExit);
    log.end();
  };
  const timeoutS = num("AOS_E2E_START_TIMEOUT_S", 900);
  const webUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the system did not print "web app:" within ${timeoutS} s`)),
      timeoutS * 1000,
    );
    const onData = (d: Buffer) => {
      output += d;
      if (output.length > 200_000) output = output.slice(-100_000);
      log.write(d);
      const m = /^web app: (http\S+)/m.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`scripts/start.ts exited (${signal ?? `code ${code}`}) before the web app was up`));
    });
  }).catch(async (e: Error) => {
    await stop();
    throw new Error(
      `${e.message}. Its last output (all of it in ${path.relative(repoRoot, logPath)}):\n${logTail(60)}`,
    );
  });
  // The listeners stay: they drain the pipes (a full pipe would block the system) into the log.
  const info: SystemInfo = {
    webUrl,
    rpcUrl: `http://127.0.0.1:${ports.chain}`,
    gatewayUrl: `http://127.0.0.1:${ports.gateway}`,
    stateDir,
    startSeconds: (Date.now() - started) / 1000,
  };
  try {
    return await withSummary(info, { logTail, stop });
  } catch (e) {
    await stop();
    throw e;
  }
}
