/**
 * Simulation tasks: the input a requester publishes (`aos/dcos-sim-task/1`: parameters of the DCOS
 * digital twin) and the output a worker returns (`aos/dcos-sim-output/1`: the run's summary).
 * The twin is deterministic, so the output node, and therefore its CID, is a pure function of
 * the input: a verifier re-runs it and compares CIDs.
 */

import type { DcosSummary } from "@aos/sim";
import { DcosParamError, type DcosParams, type DeepPartial, nodeCount, resolveDcosParams } from "@aos/sim";

export const SIM_INPUT_SCHEMA = "aos/dcos-sim-task/1";
export const SIM_OUTPUT_SCHEMA = "aos/dcos-sim-output/1";
export const SIM_ENGINE = "aos-dcos-twin/1";

/** The task's input is not a simulation request this worker can run; `field` names what is wrong. */
export class MalformedSimInputError extends Error {
  override name = "MalformedSimInputError";
  readonly field: string;
  constructor(field: string, message: string) {
    super(`simulation input ${field}: ${message}`);
    this.field = field;
  }
}

/** The simulation is larger than this worker's profile allows. */
export class SimTooLargeError extends Error {
  override name = "SimTooLargeError";
}

export interface SimTaskInput {
  readonly schema: typeof SIM_INPUT_SCHEMA;
  readonly params: DeepPartial<DcosParams>;
}

/** Validates an input node; returns the resolved parameters. */
export function parseSimInput(
  value: unknown,
  limits: { maxNodes: number },
): { input: SimTaskInput; params: DcosParams } {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new MalformedSimInputError("(root)", "must be a map");
  const v = value as Record<string, unknown>;
  if (v.schema !== SIM_INPUT_SCHEMA) throw new MalformedSimInputError("schema", `must be "${SIM_INPUT_SCHEMA}"`);
  if (typeof v.params !== "object" || v.params === null || Array.isArray(v.params))
    throw new MalformedSimInputError("params", "must be a map of DCOS twin parameters");
  let params: DcosParams;
  try {
    params = resolveDcosParams(v.params as DeepPartial<DcosParams>);
  } catch (e) {
    if (e instanceof DcosParamError) throw new MalformedSimInputError(`params.${e.option}`, e.message);
    throw new MalformedSimInputError("params", (e as Error).message);
  }
  const nodes = nodeCount(params);
  if (nodes > limits.maxNodes)
    throw new SimTooLargeError(`the twin has ${nodes} tiles; this worker accepts at most ${limits.maxNodes}`);
  return { input: { schema: SIM_INPUT_SCHEMA, params: v.params as DeepPartial<DcosParams> }, params };
}

/**
 * Rough wall-clock estimate (seconds) for deadline checks: simulated tile-seconds at a rate
 * measured on this machine kind (about 5e6 tile-seconds per CPU second for the default
 * detail), plus a constant for start-up. Deliberately pessimistic.
 */
export function estimateSimSeconds(params: DcosParams): number {
  const tileSeconds = nodeCount(params) * params.simHours * 3600;
  return 2 + tileSeconds / 2e6;
}

/** dag-cbor has no undefined, NaN or Infinity: map them to null, deterministically. */
export function toIpld(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toIpld);
  if (typeof value === "object" && value !== null && !(value instanceof Uint8Array) && !("asCID" in value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toIpld(v);
    return out;
  }
  return value;
}

/** The output node: a pure function of the input CID and the run's summary. */
export function simOutputNode(inputCid: unknown, summary: DcosSummary) {
  return { schema: SIM_OUTPUT_SCHEMA, engine: SIM_ENGINE, input: inputCid, summary: toIpld(summary) };
}
