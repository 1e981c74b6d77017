/**
 * The node a worker publishes as a task's result (`aos/task-result/1`). Its CID's digest goes
 * on-chain with submitResult. It links the task input and the deterministic output node (what a
 * verifier recomputes and compares), and records how the work was done: routing decisions, the
 * models used, the cost, and the results of delegated subtasks.
 */
import { CID } from "multiformats/cid";
import { getAddress } from "viem";
import { z } from "zod";
import { normaliseForDagCbor, toCid } from "./cid.ts";

export const RESULT_SCHEMA = "aos/task-result/1";

/** A value that is not a well-formed result node; the message names the fields at fault. */
export class MalformedResultNodeError extends Error {
  override name = "MalformedResultNodeError";
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(`Not a valid ${RESULT_SCHEMA} node: ${issues.join("; ")}`);
    this.issues = issues;
  }
}

const cidLink = z.custom<CID>((value) => CID.asCID(value) !== null, { message: "expected a CID link" });
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, { message: "expected a 0x-prefixed 20-byte address" })
  .transform((value) => getAddress(value));
const count = z.number().int().nonnegative();

const resultNodeSchema = z.object({
  schema: z.literal(RESULT_SCHEMA),
  chainId: z.number().int().positive(),
  escrow: address,
  taskId: z.string().regex(/^(0|[1-9][0-9]*)$/, { message: "expected a decimal task id" }),
  agent: address,
  taskType: count,
  input: cidLink,
  output: cidLink,
  /** One entry per routing decision (service, model, reason, …): plain data owned by the router. */
  routing: z.array(z.record(z.string(), z.unknown())),
  models: z.array(z.string()),
  cost: z.object({ usd: z.number().nonnegative().finite(), inputTokens: count, outputTokens: count }),
  subtasks: z.array(cidLink),
  producedAt: count,
});

export type ResultNode = z.infer<typeof resultNodeSchema>;

export type BuildResultNodeParameters = {
  chainId: number;
  escrow: string;
  taskId: bigint | number | string;
  agent: string;
  taskType: number;
  input: CID | string;
  output: CID | string;
  routing?: readonly Record<string, unknown>[];
  models?: readonly string[];
  cost?: { usd: number; inputTokens: number; outputTokens: number };
  subtasks?: readonly (CID | string)[];
  /** Unix seconds; default now. */
  producedAt?: number;
};

/** Builds a result node ready for ContentStore.put; throws MalformedResultNodeError on bad fields. */
export function buildResultNode(parameters: BuildResultNodeParameters): ResultNode {
  return parseResultNode({
    schema: RESULT_SCHEMA,
    chainId: parameters.chainId,
    escrow: parameters.escrow,
    taskId: typeof parameters.taskId === "string" ? parameters.taskId : BigInt(parameters.taskId).toString(),
    agent: parameters.agent,
    taskType: parameters.taskType,
    input: toCid(parameters.input),
    output: toCid(parameters.output),
    // dag-cbor has no undefined: drop undefined fields of the router's plain data.
    routing: normaliseForDagCbor([...(parameters.routing ?? [])]),
    models: [...new Set(parameters.models ?? [])],
    cost: parameters.cost ?? { usd: 0, inputTokens: 0, outputTokens: 0 },
    subtasks: (parameters.subtasks ?? []).map((s) => toCid(s)),
    producedAt: parameters.producedAt ?? Math.floor(Date.now() / 1000),
  });
}

/** Validates a decoded node (e.g. from ContentStore.getNode) as a result node. */
export function parseResultNode(value: unknown): ResultNode {
  const parsed = resultNodeSchema.safeParse(value);
  if (!parsed.success) {
    throw new MalformedResultNodeError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
    );
  }
  return parsed.data;
}
