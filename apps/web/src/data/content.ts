/**
 * Task inputs and results live off-chain as dag-cbor blocks; the escrow holds only the 32-byte
 * sha2-256 digest of each block's CID (TaskCreated.inputHash, ResultSubmitted.resultHash). With
 * codec and hash fixed (CIDv1, dag-cbor 0x71, sha2-256), a digest and a CID carry the same
 * information, exactly as the workers convert them (workers/src/results/cid.ts).
 *
 * Reads go to the workers' gateway and are verified: the raw block must hash to the CID asked
 * for, so a gateway cannot show a result that is not the one on-chain.
 */
import * as dagCbor from "@ipld/dag-cbor";
import * as dagJson from "@ipld/dag-json";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";
import { bytesToHex, type Hex, hexToBytes } from "viem";
import { config } from "@/config";

export const DAG_CBOR_CODEC = 0x71;
export const SHA2_256_CODE = 0x12;

/** The gateway has no block for this CID. */
export class ContentNotFoundError extends Error {
  override name = "ContentNotFoundError";
  readonly cid: string;
  constructor(cid: string) {
    super(
      `The gateway has no content for ${cid}. The worker that published it may not have shared it yet: try again later, or ask the requester or agent to publish it again.`,
    );
    this.cid = cid;
  }
}

/** The bytes the gateway sent do not hash to the CID asked for (or it stored another node). */
export class ContentMismatchError extends Error {
  override name = "ContentMismatchError";
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string) {
    super(
      `The gateway answered with content that hashes to ${actual}, not ${expected}; it was rejected. Do not trust this gateway's copy: use another gateway.`,
    );
    this.expected = expected;
    this.actual = actual;
  }
}

/** The gateway could not be reached or failed. */
export class GatewayUnavailableError extends Error {
  override name = "GatewayUnavailableError";
  constructor(detail: string) {
    super(
      `The content gateway at ${config.gatewayUrl} is unavailable (${detail}). Check that the workers' gateway is running, then try again.`,
    );
  }
}

/** A malformed digest or CID was given. */
export class InvalidContentRefError extends Error {
  override name = "InvalidContentRefError";
  constructor(ref: string) {
    super(`"${ref}" is neither a 32-byte digest (0x + 64 hex digits) nor a CIDv1 dag-cbor sha2-256.`);
  }
}

/** The CID whose sha2-256 digest is the on-chain bytes32. */
export function cidFromDigest(digest: Hex): CID {
  if (!/^0x[0-9a-fA-F]{64}$/.test(digest)) throw new InvalidContentRefError(digest);
  return CID.createV1(DAG_CBOR_CODEC, Digest.create(SHA2_256_CODE, hexToBytes(digest)));
}

/** The bytes32 to put on-chain for a CID. */
export function digestOfCid(cid: CID | string): Hex {
  const parsed = toCid(cid);
  return bytesToHex(parsed.multihash.digest);
}

function toCid(ref: CID | string): CID {
  if (typeof ref !== "string") return ref;
  if (ref.startsWith("0x")) return cidFromDigest(ref as Hex);
  let cid: CID;
  try {
    cid = CID.parse(ref.trim());
  } catch {
    throw new InvalidContentRefError(ref);
  }
  if (cid.version !== 1 || cid.code !== DAG_CBOR_CODEC || cid.multihash.code !== SHA2_256_CODE)
    throw new InvalidContentRefError(ref);
  return cid;
}

/** Encodes a value as one dag-cbor block and addresses it, as the workers' content store does. */
export async function encodeContent(value: unknown): Promise<{ cid: CID; bytes: Uint8Array; digest: Hex }> {
  const bytes = dagCbor.encode(value);
  const cid = CID.createV1(DAG_CBOR_CODEC, await sha256.digest(bytes));
  return { cid, bytes, digest: digestOfCid(cid) };
}

/** Throws ContentMismatchError unless the bytes hash to the CID. */
export async function verifyBytes(cid: CID, bytes: Uint8Array): Promise<void> {
  const actual = CID.createV1(DAG_CBOR_CODEC, await sha256.digest(bytes));
  if (!actual.equals(cid)) throw new ContentMismatchError(cid.toString(), actual.toString());
}

/**
 * A decoded node made plain for display and caching: links become `{ "/": "<cid>" }` (as dag-json
 * writes them), bytes become `{ "/": { bytes: "<hex>" } }`.
 */
export function toPlain(value: unknown): unknown {
  const cid = value && typeof value === "object" ? CID.asCID(value) : null;
  if (cid) return { "/": cid.toString() };
  if (value instanceof Uint8Array) return { "/": { bytes: bytesToHex(value) } };
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}

export { type Content, linkOf } from "./contentLink";

import { type Content, linkOf } from "./contentLink";

async function get(url: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: "application/vnd.ipld.raw, application/json" } });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new GatewayUnavailableError((e as Error).message || "network error");
  }
  return response;
}

/**
 * Fetches a node by its on-chain digest or its CID. By default the raw block is fetched, hashed
 * and decoded here (verified); with `verify: false` the gateway's dag-json rendering is used.
 */
export async function fetchContent(
  ref: Hex | string,
  options: { verify?: boolean; signal?: AbortSignal } = {},
): Promise<Content> {
  const cid = toCid(ref);
  const verify = options.verify ?? true;
  const url = `${config.gatewayUrl}/ipfs/${cid.toString()}${verify ? "?format=raw" : ""}`;
  const response = await get(url, options.signal);
  if (response.status === 404) throw new ContentNotFoundError(cid.toString());
  if (!response.ok) throw new GatewayUnavailableError(`HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!verify) return { cid: cid.toString(), value: toPlain(dagJson.decode(bytes)), verified: false };
  await verifyBytes(cid, bytes);
  return { cid: cid.toString(), value: toPlain(dagCbor.decode(bytes)), verified: true };
}

/**
 * Publishes a task input to the gateway as dag-json and returns its CID and the digest for
 * createTask. The CID is also computed here: if the gateway stored something else, it is refused.
 */
export async function publishInput(value: unknown): Promise<{ cid: string; digest: Hex }> {
  const local = await encodeContent(value);
  let response: Response;
  try {
    response = await fetch(`${config.gatewayUrl}/ipfs?format=dag-json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new TextDecoder().decode(dagJson.encode(value)),
    });
  } catch (e) {
    throw new GatewayUnavailableError((e as Error).message || "network error");
  }
  if (!response.ok) {
    let detail = `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { message?: string };
      if (body.message) detail = `${detail}: ${body.message}`;
    } catch {
      // The body was not JSON; the status says enough.
    }
    throw new GatewayUnavailableError(detail);
  }
  const body = (await response.json()) as { cid: string; digest: Hex };
  if (body.cid !== local.cid.toString()) throw new ContentMismatchError(local.cid.toString(), body.cid);
  return { cid: body.cid, digest: local.digest };
}

export type TaskResultContent = {
  /** The result node (`aos/task-result/1`) whose digest the agent submitted. */
  result: Content;
  /** The output node the result links to, when the result node has one. */
  output?: Content;
};

/** A task's result: the result node by its on-chain digest, then the output node it links. */
export async function fetchTaskResult(resultHash: Hex, signal?: AbortSignal): Promise<TaskResultContent> {
  const result = await fetchContent(resultHash, { signal });
  const outputLink = linkOf((result.value as Record<string, unknown> | null)?.output);
  if (!outputLink) return { result };
  const output = await fetchContent(outputLink, { signal });
  return { result, output };
}
