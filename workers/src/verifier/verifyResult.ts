/**
 * Re-executes a deterministic task and compares: the result node is fetched by the CID whose
 * digest the agent put on-chain (bytes checked against it), its output link must equal the CID of
 * the output this verifier computes from the same input. Anything else is a mismatch, named.
 */
import { cidFromDigest, decodeNode, encodeNode } from "../results/cid.ts";
import type { ContentStore } from "../results/contentStore.ts";
import { fetchVerified } from "../results/fetchNode.ts";
import { parseResultNode } from "../results/resultNode.ts";
import { runSimulation } from "../sim/runSimulation.ts";
import { parseSimInput, simOutputNode } from "../sim/simTask.ts";

export type Verdict = { match: true; outputCid: string } | { match: false; reason: string };

export async function verifySimResult(options: {
  store: ContentStore;
  gateways: readonly string[];
  inputDigest: `0x${string}`;
  resultDigest: `0x${string}`;
  taskId: string;
  maxNodes: number;
}): Promise<Verdict> {
  const fetchOptions = { store: options.store, gateways: [...options.gateways], maxBytes: 4 << 20, timeoutMs: 10_000 };
  let result: ReturnType<typeof parseResultNode>;
  try {
    result = parseResultNode(
      decodeNode((await fetchVerified(cidFromDigest(options.resultDigest), fetchOptions)).bytes),
    );
  } catch (e) {
    return {
      match: false,
      reason: `result ${options.resultDigest} unusable: ${(e as Error).name}: ${(e as Error).message}`,
    };
  }
  if (result.taskId !== options.taskId)
    return { match: false, reason: `result names task ${result.taskId}, not ${options.taskId}` };
  const inputCid = cidFromDigest(options.inputDigest);
  if (!result.input.equals(inputCid)) return { match: false, reason: "result links another input" };
  const input = decodeNode((await fetchVerified(inputCid, fetchOptions)).bytes);
  const { params } = parseSimInput(input, { maxNodes: options.maxNodes });
  const summary = await runSimulation(params);
  const expected = await encodeNode(simOutputNode(inputCid, summary));
  if (!expected.cid.equals(result.output))
    return {
      match: false,
      reason: `output ${String(result.output)} differs from the re-execution's ${String(expected.cid)}`,
    };
  return { match: true, outputCid: expected.cid.toString() };
}
