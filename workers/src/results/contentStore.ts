/**
 * The worker's local blockstore: dag-cbor blocks on disk (blockstore-fs), checked against their
 * CID on the way in and on the way out, so a corrupt disk or a bad upload never passes as content.
 */
import { FsBlockstore } from "blockstore-fs";
import type { CID } from "multiformats/cid";
import type { Hex } from "viem";
import {
  BlockTooLargeError,
  DEFAULT_MAX_BLOCK_BYTES,
  decodeNode,
  digestOfCid,
  type EncodedNode,
  encodeNode,
  toCid,
  verifyBlock,
} from "./cid.ts";

/** The store holds no block for a CID. */
export class BlockNotFoundError extends Error {
  override name = "BlockNotFoundError";
  readonly cid: string;
  constructor(cid: CID, directory: string) {
    super(`No block ${cid.toString()} in the store at ${directory}; fetch it from a gateway first.`);
    this.cid = cid.toString();
  }
}

export type ContentStoreOptions = {
  /** Largest block accepted or returned, in bytes (default 4 MiB). */
  maxBlockBytes?: number;
};

export class ContentStore {
  readonly directory: string;
  readonly maxBlockBytes: number;
  readonly #blocks: FsBlockstore;
  #opened: Promise<void> | undefined;

  constructor(directory: string, options: ContentStoreOptions = {}) {
    this.directory = directory;
    this.maxBlockBytes = options.maxBlockBytes ?? DEFAULT_MAX_BLOCK_BYTES;
    this.#blocks = new FsBlockstore(directory);
  }

  /** Creates the directory on first use. */
  #open(): Promise<void> {
    this.#opened ??= this.#blocks.open();
    return this.#opened;
  }

  /** Encodes a value as dag-cbor and stores it under its CID. */
  async put(value: unknown): Promise<EncodedNode> {
    const node = await encodeNode(value, this.maxBlockBytes);
    await this.#open();
    if (!(await this.#blocks.has(node.cid))) await this.#blocks.put(node.cid, node.bytes);
    return node;
  }

  /** Stores bytes someone else encoded, after checking they hash to the CID. */
  async putBlock(cid: CID | string, bytes: Uint8Array): Promise<{ cid: CID; digest: Hex }> {
    const parsed = toCid(cid);
    if (bytes.byteLength > this.maxBlockBytes) throw new BlockTooLargeError(bytes.byteLength, this.maxBlockBytes);
    await verifyBlock(parsed, bytes);
    await this.#open();
    if (!(await this.#blocks.has(parsed))) await this.#blocks.put(parsed, bytes);
    return { cid: parsed, digest: digestOfCid(parsed) };
  }

  async has(cid: CID | string): Promise<boolean> {
    await this.#open();
    return this.#blocks.has(toCid(cid));
  }

  /** The block's bytes, verified against the CID; BlockNotFoundError when absent. */
  async get(cid: CID | string): Promise<Uint8Array> {
    const bytes = await this.tryGet(cid);
    if (!bytes) throw new BlockNotFoundError(toCid(cid), this.directory);
    return bytes;
  }

  /** Like get, but undefined when absent (a corrupt block still throws CidMismatchError). */
  async tryGet(cid: CID | string): Promise<Uint8Array | undefined> {
    const parsed = toCid(cid);
    await this.#open();
    if (!(await this.#blocks.has(parsed))) return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of this.#blocks.get(parsed)) {
      size += chunk.byteLength;
      if (size > this.maxBlockBytes) throw new BlockTooLargeError(size, this.maxBlockBytes, "stored block");
      chunks.push(chunk);
    }
    const bytes = new Uint8Array(Buffer.concat(chunks));
    await verifyBlock(parsed, bytes, `the store at ${this.directory}`);
    return bytes;
  }

  /** The decoded node. */
  async getNode<T = unknown>(cid: CID | string): Promise<T> {
    return decodeNode<T>(await this.get(cid));
  }

  async close(): Promise<void> {
    await this.#blocks.close();
  }
}
