/**
 * Runs the whole AOS system locally on embedded defaults, until Ctrl-C:
 *   1. compiles the contracts and regenerates the bindings,
 *   2. starts a local chain (Hardhat's EDR) on 127.0.0.1:8545,
 *   3. deploys the contracts and seeds demo data (scripts/seed.ts),
 *   4. prints what runs where and which accounts to import into a wallet.
 *
 *   npm start [-- --help] [-- --port 8545]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(import.meta.dirname, "..");
const hardhatBin = path.join(root, "node_modules", "hardhat", "dist", "src", "cli.js");
const env = { ...process.env, HARDHAT_DISABLE_TELEMETRY: "true" };

const { values } = parseArgs({
  options: {
    help: { type: "boolean", short: "h" },
    port: { type: "string", default: "8545" },
  },
});
if (values.help) {
  console.log(`Usage: npm start [-- --port N]

Starts the local AOS system and keeps it running until Ctrl-C:
  a local chain on 127.0.0.1:<port> (default 8545), the contracts deployed,
  demo data seeded (funded accounts; tasks open, claimed, submitted, accepted, disputed;
  a personhood group of verified humans, a proposal in voting, an agent request in the timelock),
  and a summary of what runs where and which accounts to import into a wallet.`);
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
