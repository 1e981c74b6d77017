/**
 * `aos worker start|status`, `aos verifier start`, `aos gateway start`: the processes of the
 * worker fleet (workers/), with their configuration validated before anything starts.
 */
import { parseArgs } from "node:util";
import { formatEther } from "viem";

const COMMON_OPTIONS = `Configuration (later wins: defaults, --config file, environment, flags)
  --config FILE           JSON configuration (see docs/workers.md for every setting)
  --rpc URL               JSON-RPC endpoint (env AOS_RPC_URL; default http://127.0.0.1:8545)
  --redis URL             Redis (env AOS_REDIS_URL; default redis://127.0.0.1:6379)
  --store DIR             content store for inputs and results (env AOS_STORE_DIR; default .aos/blocks)
  --gateway-url URL       a gateway to fetch missing blocks from (repeatable; env AOS_GATEWAYS, comma-separated)
  --confirmations N       blocks a log must be buried under before it counts (default 0)
  --log-level LEVEL       fatal|error|warn|info|debug (default info)
  --log-file FILE         write the JSON logs there instead of stdout
  --ops-port N            port of /health and /metrics (default: worker 9464, verifier 9465; 0 picks one)
Key: env AOS_WORKER_KEY (hex), or key.keystore in the config file with the password in env AOS_KEYSTORE_PASSWORD.`;

export const WORKER_START_HELP = `aos worker start: run an agent worker that claims tasks, does them, and gets paid

Usage: aos worker start [options]

Profile
  --types LIST            task types to take: dcosSimulation,llm (default both)
  --concurrency N         tasks worked on at once (default 4)
  --min-payment ETH       smallest native bounty worth claiming (default 0)
  --llm-config FILE       JSON array of LLM services to add to or override the defaults
${COMMON_OPTIONS}
  --status                show the live status view instead of logs (logs go to --log-file or .aos/logs/worker.log)
  -h, --help              this help

Stops cleanly on Ctrl-C or SIGTERM: jobs in progress finish or return to the queue.`;

export const WORKER_STATUS_HELP = `aos worker status: the live status of a worker fleet (tasks, queues, earnings)

Usage: aos worker status [--account ADDRESS] [--watch] [--redis URL] [--prefix P]

  --account ADDRESS       the fleet's key (default: the address of AOS_WORKER_KEY, else the only agent fleet)
  --watch                 refresh every second until Ctrl-C
  --redis URL             Redis (env AOS_REDIS_URL; default redis://127.0.0.1:6379)
  --prefix P              the fleets' key prefix (env AOS_REDIS_PREFIX; default aos)
  -h, --help              this help`;

export const VERIFIER_START_HELP = `aos verifier start: re-execute submitted simulations, accept or dispute, finalize and expire

Usage: aos verifier start [options]

  --sample-rate R         share of deterministic results re-executed, 0..1 (default 1)
  --no-accept             verify only; do not accept matching results at once
${COMMON_OPTIONS}
  -h, --help              this help`;

export const GATEWAY_START_HELP = `aos gateway start: serve results and inputs over HTTP, /health, /metrics and the queue dashboard

Usage: aos gateway start [--port N] [--host H] [--store DIR] [--redis URL] [--rpc URL]

  GET  /ipfs/<cid>        a block (raw with Accept: application/vnd.ipld.raw, else dag-json)
  POST /ipfs              publish a dag-cbor block (task inputs)
  GET  /queues            Bull Board: every fleet's queues in this Redis
  GET  /health, /metrics
  -h, --help              this help`;

const commonParse = {
  config: { type: "string" },
  rpc: { type: "string" },
  redis: { type: "string" },
  store: { type: "string" },
  "gateway-url": { type: "string", multiple: true },
  confirmations: { type: "string" },
  "log-level": { type: "string" },
  "log-file": { type: "string" },
  "ops-port": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function overridesFrom(values: Record<string, unknown>): Record<string, unknown> {
  const int = (name: string) => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new UsageError(`--${name}: expected an integer, got "${String(raw)}"`);
    return n;
  };
  return {
    chain: { rpcUrl: values.rpc, confirmations: int("confirmations") },
    redis: { url: values.redis },
    store: { dir: values.store, gateways: values["gateway-url"] },
    log: { level: values["log-level"], file: values["log-file"] },
    profile: {
      taskTypes: typeof values.types === "string" ? values.types.split(",").map((s) => s.trim()) : undefined,
      concurrency: int("concurrency"),
      minPaymentEther: values["min-payment"],
    },
    verifier: {
      sampleRate: values["sample-rate"] === undefined ? undefined : Number(values["sample-rate"]),
      acceptVerified: values["no-accept"] ? false : undefined,
    },
  };
}

export class UsageError extends Error {
  override name = "UsageError";
}

function parse<T extends Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>>(
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false }).values as Record<string, unknown>;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function loadEverything(values: Record<string, unknown>, role: "worker" | "verifier") {
  const { loadConfig } = await import("@aos/workers/config.ts");
  const { loadAccount } = await import("@aos/workers/keys.ts");
  const { createLogger } = await import("@aos/workers/log.ts");
  const overrides = overridesFrom(values);
  if (typeof values["llm-config"] === "string") {
    const { readConfigFile } = await import("@aos/workers/config.ts");
    (overrides as { llm?: unknown }).llm = { services: readConfigFile(values["llm-config"]) };
  }
  const config = loadConfig({ file: values.config as string | undefined, overrides });
  const account = await loadAccount(config.key);
  const log = createLogger({
    level: config.log.level,
    name: role,
    file: config.log.file ?? (values.status ? `.aos/logs/${role}.log` : undefined),
  });
  return { config, account, log };
}

/** Runs until SIGINT/SIGTERM, then closes `close` and exits. */
function untilSignal(close: () => Promise<void>, log: { info: (m: string) => void }): Promise<number> {
  return new Promise((resolve) => {
    let closing = false;
    const stop = (signal: string) => {
      if (closing) return;
      closing = true;
      log.info(`${signal}: shutting down gracefully`);
      const force = setTimeout(() => resolve(1), 15_000);
      force.unref();
      void close().then(() => {
        clearTimeout(force);
        resolve(0);
      });
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
}

export async function workerStartCommand(argv: string[]): Promise<number> {
  const values = parse(argv, {
    ...commonParse,
    types: { type: "string" },
    concurrency: { type: "string" },
    "min-payment": { type: "string" },
    "llm-config": { type: "string" },
    status: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(`${WORKER_START_HELP}\n`);
    return 0;
  }
  const { config, account, log } = await loadEverything(values, "worker");
  const { startAgent } = await import("@aos/workers/runtime/agentRuntime.ts");
  const { instrument } = await import("@aos/workers/runtime/instrument.ts");
  const { createLlmProcessor } = await import("@aos/workers/runtime/llmWork.ts");
  const ops = instrument();
  const agent = await startAgent({
    config,
    account,
    log,
    observer: ops.observer,
    count: ops.countTask,
    llmProcessor: createLlmProcessor,
  });
  const server = await ops.serve(config.gateway.host, Number(values["ops-port"] ?? 9464), async () => {
    const redisOk = await agent.ctx.redis.ping().then(
      () => true,
      () => false,
    );
    const chainOk = await agent.ctx.publicClient.getBlockNumber().then(
      () => true,
      () => false,
    );
    return { ok: redisOk && chainOk, checks: { redis: { ok: redisOk }, chain: { ok: chainOk } } };
  });
  log.info({ account: account.address, chainId: agent.ctx.chainId, ops: server.url }, "agent worker started");
  let view: NodeJS.Timeout | undefined;
  if (values.status) {
    const { renderStatus } = await import("./workerStatus.ts");
    const draw = async () => {
      process.stdout.write(`\x1b[2J\x1b[H${await renderStatus(agent.ctx.redis, agent.ctx.namespace, agent.queues)}`);
      view = setTimeout(draw, 1000);
    };
    void draw();
  }
  return untilSignal(async () => {
    if (view) clearTimeout(view);
    await agent.close();
    await server.close();
  }, log);
}

export async function verifierStartCommand(argv: string[]): Promise<number> {
  const values = parse(argv, { ...commonParse, "sample-rate": { type: "string" }, "no-accept": { type: "boolean" } });
  if (values.help) {
    process.stdout.write(`${VERIFIER_START_HELP}\n`);
    return 0;
  }
  const { config, account, log } = await loadEverything(values, "verifier");
  const { startVerifier } = await import("@aos/workers/runtime/verifierRuntime.ts");
  const { instrument } = await import("@aos/workers/runtime/instrument.ts");
  const ops = instrument();
  const verifier = await startVerifier({ config, account, log, observer: ops.observer });
  const server = await ops.serve(config.gateway.host, Number(values["ops-port"] ?? 9465), async () => ({
    ok: true,
    checks: {},
  }));
  log.info({ account: account.address, ops: server.url }, "verifier started");
  return untilSignal(async () => {
    await verifier.close();
    await server.close();
  }, log);
}

export async function workerStatusCommand(argv: string[]): Promise<number> {
  const values = parse(argv, {
    account: { type: "string" },
    watch: { type: "boolean" },
    redis: { type: "string" },
    prefix: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(`${WORKER_STATUS_HELP}\n`);
    return 0;
  }
  const { renderFleetStatus } = await import("./workerStatus.ts");
  const redisUrl = (values.redis as string | undefined) ?? process.env.AOS_REDIS_URL ?? "redis://127.0.0.1:6379";
  const prefix = (values.prefix as string | undefined) ?? process.env.AOS_REDIS_PREFIX ?? "aos";
  let account = values.account as string | undefined;
  if (!account && process.env.AOS_WORKER_KEY) {
    const { privateKeyToAccount } = await import("viem/accounts");
    try {
      account = privateKeyToAccount(process.env.AOS_WORKER_KEY.trim() as `0x${string}`).address;
    } catch {
      throw new UsageError("AOS_WORKER_KEY is not a 32-byte hex private key (pass --account instead)");
    }
  }
  for (;;) {
    const text = await renderFleetStatus(redisUrl, account, prefix);
    process.stdout.write(values.watch ? `\x1b[2J\x1b[H${text}` : text);
    if (!values.watch) return 0;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function gatewayStartCommand(argv: string[]): Promise<number> {
  const values = parse(argv, {
    port: { type: "string" },
    host: { type: "string" },
    store: { type: "string" },
    redis: { type: "string" },
    rpc: { type: "string" },
    "log-level": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(`${GATEWAY_START_HELP}\n`);
    return 0;
  }
  const { parseConfig, configFromEnv } = await import("@aos/workers/config.ts");
  const config = parseConfig(configFromEnv(process.env), {
    ...overridesFrom(values),
    gateway: { host: values.host, port: values.port === undefined ? undefined : Number(values.port) },
  });
  const { createLogger } = await import("@aos/workers/log.ts");
  const { startGatewayProcess } = await import("@aos/workers/runtime/gatewayRuntime.ts");
  const log = createLogger({ level: config.log.level, name: "gateway" });
  const gateway = await startGatewayProcess({ config, log });
  log.info({ url: gateway.url }, "gateway started");
  return untilSignal(() => gateway.close(), log);
}

export function formatWei(wei: bigint): string {
  return `${formatEther(wei)} ETH`;
}
