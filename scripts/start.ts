/**
 * Runs the whole AOS system locally on embedded defaults, until Ctrl-C:
 *   1. compiles the contracts and regenerates the bindings,
 *   2. starts a local chain (Hardhat's EDR) on 127.0.0.1:8545,
 *   3. deploys the contracts and seeds demo data (scripts/seed.ts),
 *   4. starts the off-chain services: a content gateway with the queue dashboard, Bob's agent
 *      worker and Alice's verifier (Redis at AOS_REDIS_URL, or a redis-server of its own),
 *   5. prints what runs where and which accounts to import into a wallet, then follows Bob's
 *      worker as it claims, computes, submits and gets paid for the seeded simulation tasks.
 *
 *   npm start [-- --help] [-- --port 8545]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
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
  },
});
if (values.help) {
  console.log(`Usage: npm start [-- --port N]

Starts the local AOS system and keeps it running until Ctrl-C:
  a local chain on 127.0.0.1:<port> (default 8545), the contracts deployed,
  demo data seeded (funded accounts; tasks open, claimed, submitted, accepted, disputed;
  a personhood group of verified humans, a proposal in voting, an agent request in the timelock),
  then the off-chain services: a content gateway with the queue dashboard on 127.0.0.1:<gateway-port>
  (default 8790), Bob's agent worker and Alice's verifier. It prints a summary of what runs where
  and which accounts to import into a wallet, then follows Bob's worker as it claims, computes,
  submits and gets paid for the seeded simulation tasks. LLM tasks wait until a provider is
  configured (an API key such as ANTHROPIC_API_KEY in the environment, or a local model).

  Redis: AOS_REDIS_URL (default redis://127.0.0.1:6379); if nothing answers there and
  redis-server is installed, a private one is started on a free port.
  Logs: .aos/logs/{chain,gateway,worker,verifier}.log`);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`start: --port must be a TCP port number, got "${values.port}"`);
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

/** The services' default Redis prefix; the local chain's id keeps its keys apart from other chains'. */
const PREFIX = "aos";
const logDir = path.join(root, ".aos", "logs");
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
      console.error(`\nthe ${name} exited unexpectedly (code ${code}); see .aos/logs/${name}.log`);
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
  throw new Error(`the ${what} did not answer on ${url} within ${timeoutMs / 1000} s; see .aos/logs/`);
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
  const time = () => new Date().toISOString().slice(11, 19);
  while (!stopping) {
    const all = await board.all().catch(() => [] as TaskStatus[]);
    for (const t of all.sort((a, b) => a.updatedAt - b.updatedAt)) {
      const bucket =
        t.stage === "working" ? `${t.stage}:${Math.floor((t.progress ?? 0) / 25)}` : `${t.stage}:${t.detail}`;
      if (seen.get(t.taskId) === bucket) continue;
      seen.set(t.taskId, bucket);
      const title = titles.get(t.taskId) ?? "";
      const detail = t.stage === "working" ? `${t.detail} ${t.progress ?? 0}%` : t.detail;
      console.log(
        `  ${time()}  task #${t.taskId.padEnd(3)} ${(STAGE_WORDS[t.stage] ?? t.stage).padEnd(10)} ${detail}${title ? `  [${title}]` : ""}`,
      );
      if (t.stage === "paid") {
        const earned = (await board.earnings())["0x0000000000000000000000000000000000000000"] ?? 0n;
        console.log(`  ${time()}  Bob has earned ${formatEther(earned)} ETH so far`);
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  redis.disconnect();
}

async function main() {
  console.log("Starting AOS locally\n");
  if (await portInUse(port)) {
    throw new Error(
      `127.0.0.1:${port} is already in use. Stop whatever listens there (another \`npm start\`?) or pick another port with \`npm start -- --port N\`.`,
    );
  }
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
  await run(
    ["run", "--no-compile", "--network", "localhost", "scripts/seed.ts"],
    "deploying contracts and seeding demo data",
  );

  const summary = JSON.parse(await readFile(path.join(root, ".aos", "local.json"), "utf8")) as {
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
  await mkdir(logDir, { recursive: true });
  const doneRedis = step("connecting to Redis");
  const redisUrl = await ensureRedis();
  await clearLocalState(redisUrl, summary.chainId);
  doneRedis();
  const bob = summary.accounts.find((a) => a.role.includes("Bob"));
  const alice = summary.accounts.find((a) => a.role.includes("Alice"));
  if (!bob || !alice) throw new Error("the seed summary lacks Bob or Alice");
  const gatewayPort = Number(values["gateway-port"]);
  const serviceEnv = {
    AOS_RPC_URL: rpcUrl,
    AOS_REDIS_URL: redisUrl,
    AOS_STORE_DIR: path.join(root, ".aos", "blocks"),
  };
  const workerConfig = path.join(root, ".aos", "worker.json");
  await writeFile(
    workerConfig,
    `${JSON.stringify({ profile: { tokens: { [summary.contracts.DemoToken ?? ""]: "0" } } }, null, 2)}\n`,
  );
  const doneServices = step("starting the gateway, Bob's worker and Alice's verifier");
  startService("gateway", ["gateway", "start", "--port", String(gatewayPort)], serviceEnv);
  startService("verifier", ["verifier", "start"], { ...serviceEnv, AOS_WORKER_KEY: alice.key });
  startService("worker", ["worker", "start", "--config", workerConfig], { ...serviceEnv, AOS_WORKER_KEY: bob.key });
  await Promise.all([
    waitForHttp(`http://127.0.0.1:${gatewayPort}/health`, "gateway", 60_000),
    waitForHttp("http://127.0.0.1:9464/health", "worker", 60_000),
    waitForHttp("http://127.0.0.1:9465/health", "verifier", 60_000),
  ]);
  doneServices();
  console.log(`
Off-chain services (logs in .aos/logs/)
  gateway       http://127.0.0.1:${gatewayPort}   /ipfs/<cid>, /queues (queue dashboard), /health, /metrics
  worker        Bob's agent worker    http://127.0.0.1:9464/metrics   live view: npx aos worker status --watch
  verifier      Alice's verifier      http://127.0.0.1:9465/metrics
  Redis         ${redisUrl} (keys under ${PREFIX}:${summary.chainId}:)

LLM tasks wait until a provider is configured: set ANTHROPIC_API_KEY, OPENAI_API_KEY,
GOOGLE_GENERATIVE_AI_API_KEY or XAI_API_KEY before \`npm start\`, or add a local model.

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
