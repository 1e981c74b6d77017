/**
 * Retrieval of a block by CID: the local store first, then HTTP gateways in order. Bytes from a
 * gateway are trusted only after they hash to the CID; a gateway that lies or fails is recorded
 * and the next one tried. Verified bytes are cached in the store.
 */
import type { CID } from "multiformats/cid";
import { BlockTooLargeError, DEFAULT_MAX_BLOCK_BYTES, decodeNode, toCid, verifyBlock } from "./cid.ts";
import type { ContentStore } from "./contentStore.ts";

export type FetchAttempt = { source: string; error: string; message: string };

/** No source had the block (or every one that answered gave bad bytes). */
export class ContentNotFoundError extends Error {
  override name = "ContentNotFoundError";
  readonly cid: string;
  readonly attempts: readonly FetchAttempt[];
  constructor(cid: CID, attempts: readonly FetchAttempt[]) {
    const tried = attempts.length
      ? attempts.map((a) => `${a.source}: ${a.error} (${a.message})`).join("; ")
      : "no store and no gateway configured";
    super(`Content ${cid.toString()} was not found. Tried: ${tried}. Add a gateway that has it, or publish it again.`);
    this.cid = cid.toString();
    this.attempts = attempts;
  }
}

/** A gateway answered with something other than 200. */
export class GatewayHttpError extends Error {
  override name = "GatewayHttpError";
  readonly status: number;
  constructor(url: string, status: number) {
    super(`${url} answered HTTP ${status}`);
    this.status = status;
  }
}

export type FetchVerifiedOptions = {
  store?: ContentStore;
  /** Gateway base URLs (e.g. http://127.0.0.1:8080); `/ipfs/{cid}` is appended. */
  gateways?: readonly string[];
  /** Largest block accepted from a gateway (default: the store's limit, else 4 MiB). */
  maxBytes?: number;
  /** Per-gateway timeout (default 10 s). */
  timeoutMs?: number;
};

export type FetchedBlock = { cid: CID; bytes: Uint8Array; source: string; attempts: readonly FetchAttempt[] };

/** Fetches a block and verifies it against its CID; ContentNotFoundError lists every source tried. */
export async function fetchVerified(cid: CID | string, options: FetchVerifiedOptions = {}): Promise<FetchedBlock> {
  const parsed = toCid(cid);
  const { store, gateways = [] } = options;
  const maxBytes = options.maxBytes ?? store?.maxBlockBytes ?? DEFAULT_MAX_BLOCK_BYTES;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const attempts: FetchAttempt[] = [];

  if (store) {
    try {
      const bytes = await store.tryGet(parsed);
      if (bytes) return { cid: parsed, bytes, source: "store", attempts };
      attempts.push({ source: `store ${store.directory}`, error: "NotFound", message: "not in the store" });
    } catch (e) {
      attempts.push(failure(`store ${store.directory}`, e));
    }
  }

  for (const gateway of gateways) {
    const url = `${gateway.replace(/\/+$/, "")}/ipfs/${parsed.toString()}`;
    try {
      const bytes = await download(url, maxBytes, timeoutMs);
      await verifyBlock(parsed, bytes, gateway);
      if (store) await store.putBlock(parsed, bytes);
      return { cid: parsed, bytes, source: gateway, attempts };
    } catch (e) {
      attempts.push(failure(gateway, e));
    }
  }
  throw new ContentNotFoundError(parsed, attempts);
}

/** fetchVerified, then decoded. */
export async function fetchVerifiedNode<T = unknown>(
  cid: CID | string,
  options: FetchVerifiedOptions = {},
): Promise<T> {
  const { bytes } = await fetchVerified(cid, options);
  return decodeNode<T>(bytes);
}

function failure(source: string, e: unknown): FetchAttempt {
  const error = e instanceof Error ? e : new Error(String(e));
  const name = error.name === "TimeoutError" ? "TimeoutError" : error.name;
  return { source, error: name, message: error.message };
}

/** GET with a deadline and a byte cap enforced while streaming (a gateway cannot make us buffer more). */
async function download(url: string, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const response = await fetch(url, {
    headers: { accept: "application/vnd.ipld.raw" },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new GatewayHttpError(url, response.status);
  }
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new BlockTooLargeError(declared, maxBytes, `block from ${url}`);
  }
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    // Throwing out of the loop cancels the stream, so the rest is never read.
    if (size > maxBytes) throw new BlockTooLargeError(size, maxBytes, `block from ${url}`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
