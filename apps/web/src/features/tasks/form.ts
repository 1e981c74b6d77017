/**
 * The create form's values, their validation (every error named per field), and what they turn
 * into: the input node published to the gateway and the escrow's TaskParams. Pure, so that the
 * rules are tested without a browser or a chain.
 *
 * The input schemas and limits are the workers': `aos/llm-task/1` (workers/src/llm/llmTask.ts)
 * and `aos/dcos-sim-task/1` (workers/src/sim/simTask.ts, validated by @aos/sim's
 * resolveDcosParams, at most 1,100,000 tiles for the reference worker).
 */
import { KARMA_ONE, NATIVE_ASSET, TASK_TYPES } from "@aos/sdk";
import { DcosParamError, nodeCount, resolveDcosParams } from "@aos/sim/dcos/params.ts";
import { type Address, type Hex, parseUnits } from "viem";
import type { EscrowParameters, Requirement } from "@/data/tasks";

export const LLM_TASK_SCHEMA = "aos/llm-task/1";
export const SIM_INPUT_SCHEMA = "aos/dcos-sim-task/1";
/** The reference worker's limits (workers/src/llm/llmTask.ts LLM_TASK_LIMITS, config maxSimNodes). */
export const LIMITS = {
  promptChars: 100_000,
  systemChars: 20_000,
  maxOutputTokens: 100_000,
  budgetUsd: 1_000,
  nameChars: 64,
  simNodes: 1_100_000,
  requirements: 8,
} as const;
const UINT96_MAX = 2n ** 96n - 1n;

export type TaskKind = "llm" | "sim";

export type RequirementRow = { dimension: string; minimum: string };

export type TaskFormValues = {
  kind: TaskKind;
  // LLM pipeline
  llmKind: string;
  prompt: string;
  system: string;
  maxOutputTokens: string;
  budgetUsd: string;
  temperature: string;
  // DCOS simulation
  seed: string;
  layers: string;
  clustersPerLayer: string;
  cellsPerCluster: string;
  tilesPerCell: string;
  simHours: string;
  durabilityK: string;
  durabilityN: string;
  // Bounty, domain, requirements, times
  asset: "native" | "token";
  bounty: string;
  domain: string;
  requirements: RequirementRow[];
  /** datetime-local text, the requester's local time. */
  deadline: string;
  reviewMinutes: string;
};

export type FieldName = Exclude<keyof TaskFormValues, "requirements" | "kind" | "asset"> | `requirements.${number}`;
export type FormErrors = Partial<Record<FieldName, string>>;

export const DEFAULT_VALUES: TaskFormValues = {
  kind: "llm",
  llmKind: "general",
  prompt: "",
  system: "",
  maxOutputTokens: "2000",
  budgetUsd: "0.5",
  temperature: "",
  seed: "1",
  layers: "1",
  clustersPerLayer: "2",
  cellsPerCluster: "8",
  tilesPerCell: "64",
  simHours: "1",
  durabilityK: "4",
  durabilityN: "12",
  asset: "native",
  bounty: "",
  domain: "",
  requirements: [],
  deadline: "",
  reviewMinutes: "1440",
};

export type FormContext = {
  /** The chain's clock, unix seconds. */
  now: number;
  parameters: Pick<EscrowParameters, "minReviewWindow" | "maxReviewWindow" | "maxTaskDuration">;
  /** Decimals of the chosen bounty asset. */
  decimals: number;
  symbol: string;
  /** The connected account's balance of the asset, when known. */
  balance?: bigint;
  /** Name of each dimension by id (for the domain's name in LLM inputs). */
  dimensionNames: ReadonlyMap<number, string>;
  /** The DemoToken's address. */
  token: Address;
};

export type BuiltTask = {
  input: Record<string, unknown>;
  amount: bigint;
  params: {
    token: Address;
    amount: bigint;
    exactAmount: boolean;
    inputHash: Hex;
    taskType: number;
    domain: number;
    deadline: number;
    reviewWindow: number;
    stakeBps: number;
    maxDelegationDepth: number;
    requirements: Requirement[];
    skills: number[];
  };
};

const NAME = /^[a-z0-9_.-]+$/i;

function num(value: string): number | undefined {
  if (value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function int(value: string): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

/** datetime-local text ("2030-01-31T12:00") to unix seconds in the browser's zone. */
export function parseLocalDateTime(text: string): number | undefined {
  if (!text) return undefined;
  const ms = new Date(text).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** Unix seconds to datetime-local text in the browser's zone. */
export function toLocalDateTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The domain string an LLM input carries: the dimension's name without its "accuracy." prefix. */
export function llmDomainName(dimensionName: string | undefined): string {
  const name = (dimensionName ?? "general").replace(/^accuracy\./, "");
  return NAME.test(name) ? name.slice(0, LIMITS.nameChars) : "general";
}

function simParams(v: TaskFormValues) {
  return {
    seed: int(v.seed) ?? v.seed,
    layers: int(v.layers),
    clustersPerLayer: int(v.clustersPerLayer),
    cellsPerCluster: int(v.cellsPerCluster),
    tilesPerCell: int(v.tilesPerCell),
    simHours: num(v.simHours),
    durability: { k: int(v.durabilityK), n: int(v.durabilityN) },
    hlc: { groupSize: Math.min(16, int(v.tilesPerCell) ?? 16) },
  };
}

const SIM_FIELD: Record<string, FieldName> = {
  layers: "layers",
  clustersPerLayer: "clustersPerLayer",
  cellsPerCluster: "cellsPerCluster",
  tilesPerCell: "tilesPerCell",
  nodes: "tilesPerCell",
  simHours: "simHours",
  durability: "durabilityK",
  "durability.n": "durabilityN",
  seed: "seed",
};

function validateInput(v: TaskFormValues, errors: FormErrors) {
  if (v.kind === "llm") {
    if (!v.prompt.trim()) errors.prompt = "Write the prompt: what the agent should do.";
    else if (v.prompt.length > LIMITS.promptChars)
      errors.prompt = `The prompt is ${v.prompt.length.toLocaleString()} characters; at most ${LIMITS.promptChars.toLocaleString()} are allowed.`;
    if (v.system.length > LIMITS.systemChars)
      errors.system = `At most ${LIMITS.systemChars.toLocaleString()} characters.`;
    if (!NAME.test(v.llmKind) || v.llmKind.length > LIMITS.nameChars)
      errors.llmKind = "Use letters, digits, '_', '.' or '-' (such as review or analysis).";
    const tokens = int(v.maxOutputTokens);
    if (tokens === undefined || tokens < 1 || tokens > LIMITS.maxOutputTokens)
      errors.maxOutputTokens = `A whole number from 1 to ${LIMITS.maxOutputTokens.toLocaleString()}.`;
    const budget = num(v.budgetUsd);
    if (budget === undefined || budget <= 0 || budget > LIMITS.budgetUsd)
      errors.budgetUsd = `A budget above 0 and at most ${LIMITS.budgetUsd.toLocaleString()} USD.`;
    if (v.temperature.trim() !== "") {
      const t = num(v.temperature);
      if (t === undefined || t < 0 || t > 2) errors.temperature = "Between 0 and 2, or leave it empty.";
    }
    return;
  }
  for (const key of [
    "layers",
    "clustersPerLayer",
    "cellsPerCluster",
    "tilesPerCell",
    "durabilityK",
    "durabilityN",
  ] as const) {
    const n = int(v[key]);
    if (n === undefined || n < 1) errors[key] = "A whole number of at least 1.";
  }
  const hours = num(v.simHours);
  if (hours === undefined || hours <= 0) errors.simHours = "A positive number of simulated hours.";
  if (!v.seed.trim()) errors.seed = "Any number or word; the same seed gives the same run.";
  if (Object.keys(errors).length > 0) return;
  try {
    const params = resolveDcosParams(simParams(v) as never);
    const nodes = nodeCount(params);
    if (nodes > LIMITS.simNodes)
      errors.tilesPerCell = `The twin would have ${nodes.toLocaleString()} tiles; workers accept at most ${LIMITS.simNodes.toLocaleString()}.`;
  } catch (e) {
    const field = e instanceof DcosParamError ? (SIM_FIELD[e.option] ?? "tilesPerCell") : "tilesPerCell";
    errors[field] = e instanceof DcosParamError ? e.message : String(e);
  }
}

/** Checks every field; returns the errors by field (empty when the form can be sent). */
export function validateTaskForm(v: TaskFormValues, ctx: FormContext): FormErrors {
  const errors: FormErrors = {};
  validateInput(v, errors);

  const bounty = v.bounty.trim();
  if (!bounty) errors.bounty = `Enter the bounty in ${ctx.symbol}.`;
  else if (!/^(\d+\.?\d*|\.\d+)$/.test(bounty)) errors.bounty = `Enter a number of ${ctx.symbol}, such as 0.5.`;
  else {
    let amount: bigint | undefined;
    try {
      amount = parseUnits(bounty, ctx.decimals);
    } catch {
      errors.bounty = `Enter a number of ${ctx.symbol}, such as 0.5.`;
    }
    if (amount !== undefined) {
      const fraction = bounty.split(".")[1] ?? "";
      if (fraction.length > ctx.decimals) errors.bounty = `At most ${ctx.decimals} decimals.`;
      else if (amount <= 0n) errors.bounty = "The bounty must be more than zero.";
      else if (amount > UINT96_MAX) errors.bounty = "The bounty is too large for the escrow.";
      else if (ctx.balance !== undefined && amount > ctx.balance)
        errors.bounty = `You hold less than that (${bounty} ${ctx.symbol}); lower the bounty.`;
    }
  }

  if (v.domain === "" || int(v.domain) === undefined)
    errors.domain = "Pick the domain whose accuracy karma this task updates.";

  const seen = new Set<string>();
  v.requirements.forEach((r, i) => {
    const min = num(r.minimum);
    if (!r.dimension) errors[`requirements.${i}`] = "Pick a dimension.";
    else if (seen.has(r.dimension)) errors[`requirements.${i}`] = "This dimension is already required above.";
    else if (min === undefined || min < 0 || min > 1)
      errors[`requirements.${i}`] = "The minimum is a karma between 0 and 1.";
    seen.add(r.dimension);
  });
  if (v.requirements.length > LIMITS.requirements)
    errors[`requirements.${LIMITS.requirements}`] = `At most ${LIMITS.requirements} requirements.`;

  const deadline = parseLocalDateTime(v.deadline);
  if (deadline === undefined) errors.deadline = "Pick the date and time by which a result is due.";
  else if (deadline <= ctx.now + 60)
    errors.deadline = "The deadline is in the past (by the chain's clock); pick a later time.";
  else if (deadline > ctx.now + ctx.parameters.maxTaskDuration)
    errors.deadline = `The deadline is too far: at most ${Math.floor(ctx.parameters.maxTaskDuration / 86400)} days from now.`;

  const minutes = num(v.reviewMinutes);
  const minM = ctx.parameters.minReviewWindow / 60;
  const maxM = ctx.parameters.maxReviewWindow / 60;
  if (minutes === undefined) errors.reviewMinutes = "Enter the review window in minutes.";
  else if (!Number.isInteger(minutes)) errors.reviewMinutes = "The review window is a whole number of minutes.";
  else if (minutes < minM || minutes > maxM)
    errors.reviewMinutes = `Between ${minM.toLocaleString()} and ${maxM.toLocaleString()} minutes (the escrow's bounds).`;

  return errors;
}

/** The input node for the gateway (only the fields set; dag-cbor has no undefined). */
export function buildInput(v: TaskFormValues, ctx: Pick<FormContext, "dimensionNames">): Record<string, unknown> {
  if (v.kind === "llm") {
    const input: Record<string, unknown> = {
      schema: LLM_TASK_SCHEMA,
      kind: v.llmKind.trim(),
      domain: llmDomainName(ctx.dimensionNames.get(Number(v.domain))),
      prompt: v.prompt,
      maxOutputTokens: Number(v.maxOutputTokens),
      budgetUsd: Number(v.budgetUsd),
    };
    if (v.system.trim()) input.system = v.system;
    if (v.temperature.trim() !== "") input.temperature = Number(v.temperature);
    return input;
  }
  return { schema: SIM_INPUT_SCHEMA, params: simParams(v) };
}

/** TaskParams for createTask, once the input's digest is known. Call after validateTaskForm passes. */
export function buildTaskParams(v: TaskFormValues, ctx: FormContext, inputHash: Hex): BuiltTask["params"] {
  const amount = parseUnits(v.bounty.trim(), ctx.decimals);
  return {
    token: v.asset === "native" ? NATIVE_ASSET : ctx.token,
    amount,
    exactAmount: false,
    inputHash,
    taskType: v.kind === "llm" ? TASK_TYPES.llm : TASK_TYPES.dcosSimulation,
    domain: Number(v.domain),
    deadline: parseLocalDateTime(v.deadline) ?? 0,
    reviewWindow: Number(v.reviewMinutes) * 60,
    stakeBps: 0,
    maxDelegationDepth: 0,
    requirements: v.requirements.map((r) => ({
      dimension: Number(r.dimension),
      minimum: (BigInt(Math.round(Number(r.minimum) * 1e6)) * KARMA_ONE) / 1_000_000n,
    })),
    skills: [],
  };
}
