/**
 * Runs the whole AOS system locally on embedded defaults, until Ctrl-C:
 *   1. compiles the contracts and regenerates the bindings,
 *   2. starts a local chain (Hardhat's EDR) on 127.0.0.1:8545,
 *   3. deploys the contracts and seeds demo data (scripts/seed.ts),
 *   4. starts the off-chain services: a content gateway with the queue dashboard, Bob's agent
 *      worker and Alice's verifier (Redis at AOS_REDIS_URL, or a redis-server of its own),
 *   5. builds the web app when its build is missing or stale, and serves it on 127.0.0.1:3000,
 *   6. prints what runs where and which accounts to import into a wallet, then follows Bob's
 *      worker as it claims, computes, submits and gets paid for the seeded simulation tasks.
 *
 *   npm start [-- --help] [-- --port 8545] [-- --web-port 3000]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, openSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { formatEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { StatusBoard, type TaskStatus } from "../workers/src/agent/statusBoard.ts";
import { namespaceOf, redisAnswers } from "../workers/src/redis.ts";

const root = path.resolve(import.meta.dirname, "..");
const hardhatBin = path.join(root, "node_modules", "hardhat", "dist", "src", "cli.js");
const env = { ...process.env, HARDHAT_DISABLE_TELEMETRY: "true" };

const { values } = parseArgs({
  options: {
    help: { type: "boolean", short: "h" },
    port: { type: "string", default: "8545" },
    "gateway-port": { type: "string", default: "8790" },
    "web-port": { type: "string", default: "3000" },
    "ops-port": { type: "string", default: "9464" },
    "state-dir": { type: "string", default: ".aos" },
    "redis-prefix": { type: "string", default: "aos" },
  },
});
if (values.help) {
  console.log(`Usage: npm start [-- --port N]

Starts the local AOS system and keeps it running until Ctrl-C:
  a local chain on 127.0.0.1:<port> (default 8545), the contracts deployed,
  demo data seeded (funded accounts; tasks open, claimed, submitted, accepted, disputed;
  a personhood group of verified humans, a proposal in voting, an agent request in the timelock),
  then the off-chain services: a content gateway with the queue dashboard on 127.0.0.1:<gateway-port>
  (default 8790), Bob's agent worker and Alice's verifier, and the web app on
  127.0.0.1:<web-port> (default 3000; built first when its build is missing or its sources
  changed, about a minute). It prints a summary of what runs where and which accounts to import
  into a wallet, then follows Bob's worker as it claims, computes, submits and gets paid for the
  seeded simulation tasks. LLM tasks wait until a provider is configured (an API key such as
  ANTHROPIC_API_KEY in the environment, or a local model).

Options
  --port N              the local chain's JSON-RPC port (default 8545)
  --gateway-port N      the content gateway's port (default 8790)
  --web-port N          the web app's port (default 3000)
  --ops-port N          /health and /metrics of Bob's worker on N, of Alice's verifier on N+1
                        (default 9464)
  --state-dir DIR       logs, the seed summary (local.json), the worker's config and the web
                        build stamp (default .aos)
  --redis-prefix P      the services' Redis key prefix (default aos)
  -h, --help            this help

  A second system beside a running one needs its own ports, state directory and Redis prefix, and
  its own web build directory (env AOS_WEB_DIST_DIR, default .next), e.g.
    AOS_WEB_DIST_DIR=.next-e2e node scripts/start.ts --port 18545 --gateway-port 18790 \
      --web-port 13000 --ops-port 19464 --state-dir .aos/e2e --redis-prefix aos-e2e

  Redis: AOS_REDIS_URL (default redis://127.0.0.1:6379); if nothing answers there and
  redis-server is installed, a private one is started on a free port.
  Web app: built with NEXT_PUBLIC_AOS_RPC_URL and NEXT_PUBLIC_AOS_GATEWAY_URL pointing at the
  ports above (and any other NEXT_PUBLIC_* variable of the environment).
  Logs: <state-dir>/logs/{chain,gateway,worker,verifier,web-build,web}.log`);
  process.exit(0);
}
function portOption(name: "port" | "gateway-port" | "web-port" | "ops-port"): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value <= 0 || value > 65534) {
    console.error(`start: --${name} must be a TCP port number, got "${values[name]}"`);
    process.exit(2);
  }
  return value;
}
const port = portOption("port");
const gatewayPort = portOption("gateway-port");
const webPort = portOption("web-port");
const opsPort = portOption("ops-port");
if (!/^[A-Za-z0-9_.-]+$/.test(values["redis-prefix"])) {
  console.error(`start: --redis-prefix takes letters, digits, "_", "." and "-", got "${values["redis-prefix"]}"`);
  process.exit(2);
}

const children: ChildProcess[] = [];
let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\nstopping AOS...");
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

function step(label: string) {
  process.stdout.write(`- ${label}... `);
  const started = Date.now();
  return () => console.log(`done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function run(args: string[], label: string): Promise<void> {
  const done = step(label);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hardhatBin, ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("exit", (code) => {
      if (code === 0) {
        done();
        resolve();
      } else {
        console.log("failed");
        reject(new Error(`${label} failed (exit ${code}):\n${output.slice(-4000)}`));
      }
    });
  });
}

function portInUse(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: p });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitForRpc(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the local chain did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/** The services' Redis prefix; the local chain's id keeps its keys apart from other chains'. */
const PREFIX = values["redis-prefix"];
const stateDir = path.resolve(root, values["state-dir"]);
const logDir = path.join(stateDir, "logs");
const relativeLogDir = path.relative(root, logDir);
const cli = path.join(root, "packages", "cli", "src", "aos.ts");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port: p } = server.address() as net.AddressInfo;
      server.close(() => resolve(p));
    });
  });
}

/** The Redis the services share: AOS_REDIS_URL or the local default, else a private redis-server. */
async function ensureRedis(): Promise<string> {
  const configured = process.env.AOS_REDIS_URL;
  const url = configured ?? "redis://127.0.0.1:6379";
  if (await redisAnswers(url)) return url;
  if (configured) throw new Error(`Redis does not answer at ${url} (AOS_REDIS_URL). Start it, or unset the variable.`);
  const redisPort = await freePort();
  const server = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(redisPort), "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const started = new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "ENOENT"
          ? new Error(
              "no Redis at redis://127.0.0.1:6379 and no redis-server to start: install it (apt-get install -y redis-server) or set AOS_REDIS_URL",
            )
          : e,
      ),
    );
    server.once("spawn", () => resolve());
  });
  await started;
  children.push(server);
  const privateUrl = `redis://127.0.0.1:${redisPort}`;
  for (let i = 0; i < 40 && !(await redisAnswers(privateUrl)); i++) await new Promise((r) => setTimeout(r, 125));
  if (!(await redisAnswers(privateUrl)))
    throw new Error(`the redis-server started on port ${redisPort} does not answer`);
  return privateUrl;
}

/**
 * The chain is new on every start: so must be the services' state for it in Redis (cursors,
 * queues, status), which lives under `aos:<chain id>:`. Other chains' state is left alone.
 */
async function clearLocalState(url: string, chainId: number) {
  const redis = new Redis(url);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${PREFIX}:${chainId}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
  for (const fleet of await redis.smembers(`${PREFIX}:fleets`))
    if ((JSON.parse(fleet) as { chainId?: number }).chainId === chainId) await redis.srem(`${PREFIX}:fleets`, fleet);
  redis.disconnect();
}

/** Starts an `aos` service in the background, its output in .aos/logs/<name>.log. */
function startService(name: string, args: string[], extraEnv: Record<string, string>) {
  const out = openSync(path.join(logDir, `${name}.log`), "w");
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ["ignore", out, out],
  });
  children.push(child);
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`\nthe ${name} exited unexpectedly (code ${code}); see ${relativeLogDir}/${name}.log`);
      stop(1);
    }
  });
}

async function waitForHttp(url: string, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the ${what} did not answer on ${url} within ${timeoutMs / 1000} s; see ${relativeLogDir}/`);
}

const STAGE_WORDS: Record<string, string> = {
  seen: "seen",
  claiming: "claiming",
  claimed: "claimed",
  working: "working",
  submitting: "submitting",
  submitted: "submitted",
  paid: "PAID",
  skipped: "skipped",
  waiting: "waiting",
};

/** Prints each change in what Bob's worker is doing, until Ctrl-C. */
async function followWorker(redisUrl: string, namespace: string, titles: Map<string, string>) {
  const redis = new Redis(redisUrl);
  const board = new StatusBoard(redis, namespace);
  const seen = new Map<string, string>();
  // The time of the change, not of the printing: the first lines may tell what happened during the web build.
  const time = (at: number) => new Date(at).toISOString().slice(11, 19);
  while (!stopping) {
    const all = await board.all().catch(() => [] as TaskStatus[]);
    let lastPaidAt = 0;
    for (const t of all.sort((a, b) => a.updatedAt - b.updatedAt)) {
      const bucket =
        t.stage === "working" ? `${t.stage}:${Math.floor((t.progress ?? 0) / 25)}` : `${t.stage}:${t.detail}`;
      if (seen.get(t.taskId) === bucket) continue;
      seen.set(t.taskId, bucket);
      const title = titles.get(t.taskId) ?? "";
      const detail = t.stage === "working" ? `${t.detail} ${t.progress ?? 0}%` : t.detail;
      console.log(
        `  ${time(t.updatedAt)}  task #${t.taskId.padEnd(3)} ${(STAGE_WORDS[t.stage] ?? t.stage).padEnd(10)} ${detail}${title ? `  [${title}]` : ""}`,
      );
      if (t.stage === "paid") lastPaidAt = t.updatedAt;
    }
    // One total after the payments a poll found, not one per payment (they would all show the final sum).
    if (lastPaidAt > 0) {
      const earned = (await board.earnings())["0x0000000000000000000000000000000000000000"] ?? 0n;
      console.log(`  ${time(lastPaidAt)}  Bob has earned ${formatEther(earned)} ETH so far`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  redis.disconnect();
}

const webDir = path.join(root, "apps", "web");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
/** The build directory inside apps/web (next.config.ts reads the same variable). */
const webDistDir = process.env.AOS_WEB_DIST_DIR || ".next";

/** Files under `dir` (recursively) that the web build reads, in a stable order. */
async function sourceFiles(dir: string): Promise<string[]> {
  const skip = new Set(["node_modules", "test-results", "e2e", "scripts", "coverage"]);
  const out: string[] = [];
  async function walk(d: string) {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (skip.has(e.name) || e.name.startsWith(".")) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      // Tests do not change what is built.
      else if (!/\.test\.tsx?$/.test(e.name) && e.name !== "next-env.d.ts") out.push(full);
    }
  }
  await walk(dir);
  return out;
}

/**
 * What a web build depends on: the app's sources and configuration, the SDK's and the
 * simulator's sources, Next's version, the build directory and every NEXT_PUBLIC_* value.
 */
async function webBuildHash(publicEnv: Record<string, string>): Promise<string> {
  const hash = createHash("sha256");
  const files = [
    ...(await sourceFiles(webDir)),
    ...(await sourceFiles(path.join(root, "packages", "sdk", "src"))),
    ...(await sourceFiles(path.join(root, "packages", "sim", "src"))),
    path.join(root, "node_modules", "next", "package.json"),
  ];
  for (const file of files) {
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(await readFile(file));
    hash.update("\0");
  }
  hash.update(JSON.stringify({ distDir: webDistDir, env: Object.entries(publicEnv).sort() }));
  return hash.digest("hex");
}

/** Builds the web app unless the stamp says the build in webDistDir is of these very inputs. */
async function buildWebIfStale(publicEnv: Record<string, string>) {
  const stamp = path.join(
    stateDir,
    `web-build${webDistDir === ".next" ? "" : `-${webDistDir.replace(/[^\w.-]/g, "_")}`}.stamp`,
  );
  const want = await webBuildHash(publicEnv);
  const have = await readFile(stamp, "utf8").catch(() => "");
  if (have.trim() === want && existsSync(path.join(webDir, webDistDir, "BUILD_ID"))) {
    console.log(`- web app build (apps/web/${webDistDir}) is up to date`);
    return;
  }
  const done = step(
    `building the web app into apps/web/${webDistDir} (${have ? "sources or settings changed" : "first build"}; about a minute)`,
  );
  const logFile = path.join(logDir, "web-build.log");
  await rm(stamp, { force: true });
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: webDir,
      env: { ...env, ...publicEnv, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", openSync(logFile, "w"), openSync(logFile, "a")],
    });
    children.push(child);
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (stopping) return;
  if (code !== 0) {
    console.log("failed");
    const log = await readFile(logFile, "utf8").catch(() => "");
    throw new Error(
      `the web app's build failed (exit ${code}); the end of ${path.relative(root, logFile)}:\n${log.slice(-4000)}`,
    );
  }
  await writeFile(stamp, `${want}\n`);
  done();
}

/** `next start` on 127.0.0.1:<webPort>, its output in <state-dir>/logs/web.log. */
async function startWeb(publicEnv: Record<string, string>): Promise<string> {
  const done = step(`starting the web app on 127.0.0.1:${webPort}`);
  const out = openSync(path.join(logDir, "web.log"), "w");
  const child = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(webPort)], {
    cwd: webDir,
    env: { ...env, ...publicEnv, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", out, out],
  });
  children.push(child);
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`\nthe web app exited unexpectedly (code ${code}); see ${relativeLogDir}/web.log`);
      stop(1);
    }
  });
  const url = `http://127.0.0.1:${webPort}`;
  await waitForHttp(url, "web app", 60_000);
  done();
  return url;
}

async function main() {
  console.log("Starting AOS locally\n");
  const ports: [number, string][] = [
    [port, "--port"],
    [gatewayPort, "--gateway-port"],
    [webPort, "--web-port"],
    [opsPort, "--ops-port"],
    [opsPort + 1, "--ops-port (N+1)"],
  ];
  for (const [p, option] of ports) {
    if (await portInUse(p)) {
      throw new Error(
        `127.0.0.1:${p} is already in use. Stop whatever listens there (another \`npm start\`?) or pick another port with \`npm start -- ${option.split(" ")[0]} N\`.`,
      );
    }
  }
  await mkdir(logDir, { recursive: true });
  await run(["build", "--no-tests", "--quiet"], "compiling contracts");

  const done = step(`starting the local chain on 127.0.0.1:${port}`);
  const chain = spawn(process.execPath, [hardhatBin, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(chain);
  chain.on("exit", (code) => {
    if (!stopping) {
      console.error(`\nthe local chain exited unexpectedly (code ${code})`);
      stop(1);
    }
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  await waitForRpc(rpcUrl, 60_000);
  done();

  // The seed script talks to the `localhost` network; point it at the chosen port.
  process.env.AOS_RPC_URL = rpcUrl;
  Object.assign(env, { AOS_RPC_URL: rpcUrl });
  // The seed script writes its summary to .aos/local.json; with another state directory, the
  // summary moves there and .aos/local.json (another system's) is put back as it was.
  const rootSummary = path.join(root, ".aos", "local.json");
  const summaryFile = path.join(stateDir, "local.json");
  const previousSummary =
    summaryFile === rootSummary ? undefined : await readFile(rootSummary, "utf8").catch(() => undefined);
  await run(
    ["run", "--no-compile", "--network", "localhost", "scripts/seed.ts"],
    "deploying contracts and seeding demo data",
  );
  const summaryText = await readFile(rootSummary, "utf8");
  if (summaryFile !== rootSummary) {
    await writeFile(summaryFile, summaryText);
    if (previousSummary !== undefined) await writeFile(rootSummary, previousSummary);
  }

  const summary = JSON.parse(summaryText) as {
    chainId: number;
    contracts: Record<string, string>;
    accounts: { role: string; key: string; address: string }[];
    tasks: { id: string; state: string; title: string }[];
    governance: {
      personhood: { registrar: string; root: string; members: { seed: string; commitment: string }[] };
      proposal: { id: string; proposer: string; description: string; requiresHumans: boolean };
      agentRequest: { id: string; agent: string; description: string; eta: number };
    };
  };
  console.log(`
AOS is running. Press Ctrl-C to stop.

Local chain   ${rpcUrl}   (chain id ${summary.chainId})

Contracts`);
  for (const [name, address] of Object.entries(summary.contracts)) console.log(`  ${name.padEnd(18)} ${address}`);
  console.log("\nAccounts to import into a wallet (well-known development keys: never use them on a real network)");
  for (const a of summary.accounts) console.log(`  ${a.role.padEnd(30)} ${a.address}\n  ${"".padEnd(30)} key ${a.key}`);
  console.log("\nDemo tasks");
  for (const t of summary.tasks) console.log(`  #${t.id.padEnd(3)} ${t.state.padEnd(10)} ${t.title}`);
  const { personhood, proposal, agentRequest } = summary.governance;
  console.log("\nGovernance");
  console.log(
    `  personhood group   ${personhood.members.length} verified humans (identities from the seeds ${personhood.members.map((m) => `"${m.seed}"`).join(", ")}), registrar Dana`,
  );
  console.log(
    `  proposal #${shortId(proposal.id)}  in voting: "${proposal.description}" by Alice${proposal.requiresHumans ? ", needs the human house too" : ""}`,
  );
  console.log(
    `  agent request #${agentRequest.id}  in the timelock until ${new Date(agentRequest.eta * 1000).toISOString()}: "${agentRequest.description}" by Bob; any verified human can veto it`,
  );
  console.log("\nBindings: packages/sdk (ABIs and the addresses above, regenerated by this run)");

  // Off-chain: the gateway, Bob's worker and Alice's verifier, all on one Redis.
  const doneRedis = step("connecting to Redis");
  const redisUrl = await ensureRedis();
  await clearLocalState(redisUrl, summary.chainId);
  doneRedis();
  const bob = summary.accounts.find((a) => a.role.includes("Bob"));
  const alice = summary.accounts.find((a) => a.role.includes("Alice"));
  if (!bob || !alice) throw new Error("the seed summary lacks Bob or Alice");
  const serviceEnv = {
    AOS_RPC_URL: rpcUrl,
    AOS_REDIS_URL: redisUrl,
    AOS_REDIS_PREFIX: PREFIX,
    // Content-addressed: systems side by side can share it.
    AOS_STORE_DIR: path.join(root, ".aos", "blocks"),
  };
  const workerConfig = path.join(stateDir, "worker.json");
  await writeFile(
    workerConfig,
    `${JSON.stringify({ profile: { tokens: { [summary.contracts.DemoToken ?? ""]: "0" } } }, null, 2)}\n`,
  );
  const doneServices = step("starting the gateway, Bob's worker and Alice's verifier");
  startService("gateway", ["gateway", "start", "--port", String(gatewayPort)], serviceEnv);
  startService("verifier", ["verifier", "start", "--ops-port", String(opsPort + 1)], {
    ...serviceEnv,
    AOS_WORKER_KEY: alice.key,
  });
  startService("worker", ["worker", "start", "--config", workerConfig, "--ops-port", String(opsPort)], {
    ...serviceEnv,
    AOS_WORKER_KEY: bob.key,
  });
  await Promise.all([
    waitForHttp(`http://127.0.0.1:${gatewayPort}/health`, "gateway", 60_000),
    waitForHttp(`http://127.0.0.1:${opsPort}/health`, "worker", 60_000),
    waitForHttp(`http://127.0.0.1:${opsPort + 1}/health`, "verifier", 60_000),
  ]);
  doneServices();
  console.log(`
Off-chain services (logs in ${relativeLogDir}/)
  gateway       http://127.0.0.1:${gatewayPort}   /ipfs/<cid>, /queues (queue dashboard), /health, /metrics
  worker        Bob's agent worker    http://127.0.0.1:${opsPort}/metrics   live view: npx aos worker status --watch${PREFIX === "aos" ? "" : ` --prefix ${PREFIX}`}
  verifier      Alice's verifier      http://127.0.0.1:${opsPort + 1}/metrics
  Redis         ${redisUrl} (keys under ${PREFIX}:${summary.chainId}:)

LLM tasks wait until a provider is configured: set ANTHROPIC_API_KEY, OPENAI_API_KEY,
GOOGLE_GENERATIVE_AI_API_KEY or XAI_API_KEY before \`npm start\`, or add a local model.
`);

  // The web app reads the chain and the gateway from the browser, at the addresses baked into
  // its build: a build for other ports is a stale build.
  const publicEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (k.startsWith("NEXT_PUBLIC_") && v !== undefined) publicEnv[k] = v;
  Object.assign(publicEnv, {
    NEXT_PUBLIC_AOS_CHAIN_ID: String(summary.chainId),
    NEXT_PUBLIC_AOS_RPC_URL: rpcUrl,
    NEXT_PUBLIC_AOS_GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
  });
  await buildWebIfStale(publicEnv);
  if (stopping) return;
  const webUrl = await startWeb(publicEnv);
  console.log(`
web app: ${webUrl}
  Open it in a browser with a wallet on chain ${summary.chainId} at ${rpcUrl} (import a key above).
  Log: ${relativeLogDir}/web.log

Bob's worker, as it happens:`);
  const titles = new Map(summary.tasks.map((t) => [t.id, t.title]));
  await followWorker(
    redisUrl,
    namespaceOf(PREFIX, summary.chainId, privateKeyToAccount(bob.key as `0x${string}`).address),
    titles,
  );
}

/** Proposal ids are 256-bit hashes: show the start and the end. */
function shortId(id: string): string {
  const hex = BigInt(id).toString(16).padStart(64, "0");
  return `0x${hex.slice(0, 6)}…${hex.slice(-4)}`;
}

main().catch((error: unknown) => {
  console.error(`\nstart: ${error instanceof Error ? error.message : String(error)}`);
  stop(1);
});
