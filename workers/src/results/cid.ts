/**
 * Content addresses of task inputs and results. Every node is one dag-cbor block addressed by a
 * CIDv1 (codec dag-cbor 0x71, multihash sha2-256). The escrow stores only the 32-byte digest
 * (TaskCreated.inputHash, ResultSubmitted.resultHash), so codec and hash function are fixed here:
 * with them fixed, a digest and a CID carry the same information and convert both ways.
 */
import * as dagCbor from "@ipld/dag-cbor";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";
import type { Hex } from "viem";

export const DAG_CBOR_CODEC = 0x71;
export const SHA2_256_CODE = 0x12;
/** Blocks larger than this are refused unless a caller sets another limit (IPFS's own limit is about 4 MiB too). */
export const DEFAULT_MAX_BLOCK_BYTES = 4 * 1024 * 1024;

/** The bytes do not hash to the CID they were offered for: the source is corrupt or lying. */
export class CidMismatchError extends Error {
  override name = "CidMismatchError";
  readonly expected: string;
  readonly actual: string;
  constructor(expected: CID, actual: CID, source?: string) {
    super(
      `Block ${source ? `from ${source} ` : ""}hashes to ${actual.toString()}, not the requested ${expected.toString()}; the bytes were rejected. Fetch it from another source.`,
    );
    this.expected = expected.toString();
    this.actual = actual.toString();
  }
}

/** The text is not a CID at all. */
export class InvalidCidError extends Error {
  override name = "InvalidCidError";
  readonly input: string;
  constructor(input: string, reason: string) {
    super(`"${input}" is not a valid CID (${reason}); give a CIDv1 such as bafyrei…`);
    this.input = input;
  }
}

/** A CID that is not CIDv1 dag-cbor sha2-256, which is all the escrow's 32-byte digests can stand for. */
export class UnsupportedCidError extends Error {
  override name = "UnsupportedCidError";
  readonly cid: string;
  constructor(cid: CID | string, reason: string) {
    super(`CID ${cid.toString()} is not supported: ${reason}. AOS addresses nodes as CIDv1 dag-cbor (0x71) sha2-256.`);
    this.cid = cid.toString();
  }
}

/** A block over the size limit (from a store, a gateway, an upload or an encoder). */
export class BlockTooLargeError extends Error {
  override name = "BlockTooLargeError";
  readonly size: number;
  readonly maxBytes: number;
  constructor(size: number, maxBytes: number, what = "block") {
    super(`The ${what} is ${size} bytes, over the limit of ${maxBytes} bytes; split it into linked nodes.`);
    this.size = size;
    this.maxBytes = maxBytes;
  }
}

/** Bytes that are not a valid dag-cbor encoding, or a value dag-cbor cannot encode. */
export class MalformedNodeError extends Error {
  override name = "MalformedNodeError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A malformed digest given where a 32-byte sha2-256 digest was expected. */
export class InvalidDigestError extends Error {
  override name = "InvalidDigestError";
  constructor(digest: string) {
    super(`"${digest}" is not a 32-byte hex digest (0x followed by 64 hex digits).`);
  }
}

export type EncodedNode = { cid: CID; bytes: Uint8Array; digest: Hex };

/** Throws UnsupportedCidError unless the CID is v1, dag-cbor, sha2-256 with a 32-byte digest. */
export function assertSupportedCid(cid: CID): void {
  if (cid.version !== 1) throw new UnsupportedCidError(cid, `version ${cid.version}`);
  if (cid.code !== DAG_CBOR_CODEC) throw new UnsupportedCidError(cid, `codec 0x${cid.code.toString(16)}`);
  if (cid.multihash.code !== SHA2_256_CODE)
    throw new UnsupportedCidError(cid, `hash function 0x${cid.multihash.code.toString(16)}`);
  if (cid.multihash.size !== 32) throw new UnsupportedCidError(cid, `digest of ${cid.multihash.size} bytes`);
}

/** Parses a CID from text or accepts a CID object; the result is always a supported CID. */
export function toCid(value: CID | string): CID {
  let cid: CID | null;
  if (typeof value === "string") {
    try {
      cid = CID.parse(value.trim());
    } catch (e) {
      throw new InvalidCidError(value, (e as Error).message);
    }
  } else {
    cid = CID.asCID(value);
    if (!cid) throw new InvalidCidError(String(value), "not a CID object");
  }
  assertSupportedCid(cid);
  return cid;
}

/** The CID whose sha2-256 digest is the on-chain bytes32. */
export function cidFromDigest(digest: Hex): CID {
  if (!/^0x[0-9a-fA-F]{64}$/.test(digest)) throw new InvalidDigestError(digest);
  return CID.createV1(DAG_CBOR_CODEC, Digest.create(SHA2_256_CODE, Buffer.from(digest.slice(2), "hex")));
}

/** The bytes32 to put on-chain for a CID. */
export function digestOfCid(cid: CID | string): Hex {
  const parsed = toCid(cid);
  return `0x${Buffer.from(parsed.multihash.digest).toString("hex")}`;
}

/**
 * Makes a value encodable by dag-cbor, which rejects `undefined`: object properties set to
 * undefined are dropped (as JSON would), undefined array items become null (keeping positions).
 * CIDs, bytes and bigints pass through.
 */
export function normaliseForDagCbor(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Uint8Array || CID.asCID(value)) return value;
  if (Array.isArray(value)) return value.map((item) => normaliseForDagCbor(item));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = normaliseForDagCbor(item);
  }
  return out;
}

/** Computes the CID of bytes that are already dag-cbor. */
export async function cidOfBlock(bytes: Uint8Array): Promise<CID> {
  const hash = await sha256.digest(bytes);
  return CID.createV1(DAG_CBOR_CODEC, hash);
}

/** Encodes a value as one dag-cbor block and addresses it. */
export async function encodeNode(value: unknown, maxBytes = DEFAULT_MAX_BLOCK_BYTES): Promise<EncodedNode> {
  let bytes: Uint8Array;
  try {
    bytes = dagCbor.encode(normaliseForDagCbor(value));
  } catch (e) {
    throw new MalformedNodeError(`The value cannot be encoded as dag-cbor: ${(e as Error).message}`, { cause: e });
  }
  if (bytes.byteLength > maxBytes) throw new BlockTooLargeError(bytes.byteLength, maxBytes, "encoded node");
  const cid = await cidOfBlock(bytes);
  return { cid, bytes, digest: digestOfCid(cid) };
}

/** Decodes a dag-cbor block (strictly: non-canonical encodings are refused, so one value has one CID). */
export function decodeNode<T = unknown>(bytes: Uint8Array): T {
  try {
    return dagCbor.decode<T>(bytes);
  } catch (e) {
    throw new MalformedNodeError(`The bytes are not valid dag-cbor: ${(e as Error).message}`, { cause: e });
  }
}

/** Throws CidMismatchError unless the bytes hash to the CID. */
export async function verifyBlock(cid: CID, bytes: Uint8Array, source?: string): Promise<void> {
  assertSupportedCid(cid);
  const actual = await cidOfBlock(bytes);
  if (!actual.equals(cid)) throw new CidMismatchError(cid, actual, source);
}
