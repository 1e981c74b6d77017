/**
 * The configuration of every worker process (agent worker, verifier, gateway), validated once at
 * start. Sources, later ones winning: built-in defaults, a JSON file (`--config`), environment
 * variables (AOS_*), command-line flags. A bad or missing setting stops the process with an error
 * that names it, e.g. `config: profile.concurrency: Too small: expected number to be >=1`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address")
  .transform((v) => v as `0x${string}`);
const decimalEther = z.string().regex(/^\d+(\.\d{1,18})?$/, "must be a decimal amount like 0.01");

export const TASK_TYPE_NAMES = ["dcosSimulation", "llm"] as const;
export type WorkerTaskType = (typeof TASK_TYPE_NAMES)[number];

export const configSchema = z.strictObject({
  chain: z.strictObject({
    rpcUrl: z.url(),
    /** Blocks a log must be buried under before it becomes a job (reorganisations shallower than this are harmless). */
    confirmations: z.int().min(0).max(256).default(0),
    pollIntervalMs: z.int().min(20).max(60_000).default(250),
    /** Transactions of one key in flight at once (the sender still hands out nonces one by one). */
    txConcurrency: z.int().min(1).max(64).default(4),
    /** Where a watcher without a cursor starts; the escrow's deployment block by default. */
    startBlock: z.int().min(0).optional(),
    /** Contract addresses; the bindings' deployment for the chain's id by default. */
    addresses: z
      .strictObject({ karmaRegistry: address, stakingVault: address, taskEscrow: address, jury: address })
      .optional(),
  }),
  redis: z.strictObject({
    url: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .default("redis://127.0.0.1:6379"),
    /** Key prefix: fleets sharing one Redis keep apart by prefix. */
    prefix: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/)
      .default("aos"),
  }),
  /** Where the signing key comes from: the environment variable (a hex key) or an encrypted keystore. */
  key: z.strictObject({
    env: z.string().default("AOS_WORKER_KEY"),
    keystore: z.string().optional(),
    passwordEnv: z.string().default("AOS_KEYSTORE_PASSWORD"),
  }),
  profile: z.strictObject({
    taskTypes: z.array(z.enum(TASK_TYPE_NAMES)).min(1).default(["dcosSimulation", "llm"]),
    /** Skill dimension ids the agent claims to have (checked on-chain at claim). */
    skills: z.array(z.int().min(1).max(65535)).default([]),
    /** Smallest native bounty worth claiming, in ether. */
    minPaymentEther: decimalEther.default("0"),
    /** ERC-20 bounties accepted (address → smallest amount in whole-token decimals). */
    tokens: z.record(address, decimalEther).default({}),
    /** Tasks worked on at once (claimed, not yet submitted). */
    concurrency: z.int().min(1).max(256).default(4),
    /** Seconds kept in hand between the estimated finish and the deadline. */
    safetyMarginSeconds: z.int().min(0).default(60),
    /** Largest simulated twin accepted (tiles). */
    maxSimNodes: z.int().min(1).default(1_100_000),
    /** Standing stake kept in the vault: topped up to `targetEther` when it falls below the vault's minimum. */
    stake: z.strictObject({ topUp: z.boolean().default(true), targetEther: decimalEther.default("1") }).default({
      topUp: true,
      targetEther: "1",
    }),
  }),
  llm: z.strictObject({
    /** Services added to or overriding the defaults (see workers/src/llm/loadServices.ts). */
    services: z.array(z.unknown()).default([]),
    /** Cheapest service whose expected quality reaches this wins (0..1). */
    qualityThreshold: z.number().min(0).max(1).default(0.6),
    timeoutMs: z.int().min(100).default(60_000),
  }),
  store: z.strictObject({
    dir: z.string().default(".aos/blocks"),
    /** Gateways asked for inputs and results this store lacks. */
    gateways: z.array(z.url()).default([]),
  }),
  gateway: z.strictObject({
    host: z.string().default("127.0.0.1"),
    port: z.int().min(0).max(65535).default(8790),
  }),
  verifier: z.strictObject({
    /** Share of deterministic results re-executed (requester mode: the rest are accepted after the window). */
    sampleRate: z.number().min(0).max(1).default(1),
    /** Accept verified results of our own tasks at once (pays the agent without waiting for the window). */
    acceptVerified: z.boolean().default(true),
    keeperIntervalMs: z.int().min(100).default(2000),
    /** Re-executions run at once (each in a worker thread). */
    concurrency: z.int().min(1).max(64).default(2),
  }),
  log: z.strictObject({
    level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    file: z.string().optional(),
  }),
});

export type WorkerConfig = z.output<typeof configSchema>;
export type WorkerConfigInput = z.input<typeof configSchema>;

/** A configuration that does not validate; the message names each bad setting. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(`config: ${issues.join("; ")}`);
    this.issues = issues;
  }
}

const DEFAULTS: WorkerConfigInput = {
  chain: { rpcUrl: "http://127.0.0.1:8545" },
  redis: {},
  key: {},
  profile: {},
  llm: {},
  store: {},
  gateway: {},
  verifier: {},
  log: {},
};

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep merge of plain objects; arrays and scalars replace. */
export function mergeConfig(...layers: readonly unknown[]): Plain {
  const out: Plain = {};
  for (const layer of layers) {
    if (!isPlain(layer)) continue;
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      out[k] = isPlain(v) && isPlain(out[k]) ? mergeConfig(out[k], v) : v;
    }
  }
  return out;
}

/** Settings read from the environment. */
export function configFromEnv(env: NodeJS.ProcessEnv): Plain {
  // An empty variable is an unset one (not 0, which Number("") would make of it).
  const num = (name: string) => (env[name] === undefined || env[name] === "" ? undefined : Number(env[name]));
  return {
    chain: { rpcUrl: env.AOS_RPC_URL, confirmations: num("AOS_CONFIRMATIONS") },
    redis: { url: env.AOS_REDIS_URL ?? env.REDIS_URL, prefix: env.AOS_REDIS_PREFIX },
    store: { dir: env.AOS_STORE_DIR, gateways: env.AOS_GATEWAYS?.split(",").filter(Boolean) },
    gateway: { port: num("AOS_GATEWAY_PORT"), host: env.AOS_GATEWAY_HOST },
    log: { level: env.AOS_LOG_LEVEL },
  };
}

/** Validates merged settings; throws ConfigError naming every bad one. */
export function parseConfig(...layers: readonly unknown[]): WorkerConfig {
  const result = configSchema.safeParse(mergeConfig(DEFAULTS, ...layers));
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const where = issue.path.map(String).join(".") || "(root)";
      return `${where}: ${issue.message}`;
    }),
  );
}

/** Reads a JSON config file, naming the file in any error. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError([`--config ${path}: cannot read (${(e as Error).message})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError([`--config ${path}: not valid JSON (${(e as Error).message})`]);
  }
}

/** Loads the whole configuration: defaults, file, environment, then explicit overrides. */
export function loadConfig(
  options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: unknown } = {},
): WorkerConfig {
  const file = options.file ? readConfigFile(options.file) : {};
  return parseConfig(file, configFromEnv(options.env ?? process.env), options.overrides ?? {});
}
