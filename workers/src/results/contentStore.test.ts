import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import * as dagCbor from "@ipld/dag-cbor";
import { BlockTooLargeError, CidMismatchError, encodeNode } from "./cid.ts";
import { BlockNotFoundError, ContentStore } from "./contentStore.ts";

const root = mkdtempSync(path.join(tmpdir(), "aos-store-"));
after(() => rmSync(root, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe("ContentStore", () => {
  it("stores a value and returns it by CID, creating its directory", async () => {
    const store = new ContentStore(path.join(root, "a", "blocks"));
    const put = await store.put({ hello: "world", n: 3 });
    assert.equal(await store.has(put.cid), true);
    assert.deepEqual(await store.get(put.cid), put.bytes);
    assert.deepEqual(await store.getNode(put.cid.toString()), { hello: "world", n: 3 });
    // Same value, same CID: stored once.
    const again = await store.put({ n: 3, hello: "world" });
    assert.ok(again.cid.equals(put.cid));
    assert.equal(filesUnder(store.directory).length, 1);
  });

  it("accepts verified blocks and refuses bytes that do not match their CID", async () => {
    const store = new ContentStore(path.join(root, "b"));
    const node = await encodeNode({ input: [1, 2] });
    const stored = await store.putBlock(node.cid, node.bytes);
    assert.equal(stored.digest, node.digest);
    const other = await encodeNode({ input: [1, 3] });
    await assert.rejects(store.putBlock(other.cid, node.bytes), CidMismatchError);
    assert.equal(await store.has(other.cid), false, "nothing stored under the wrong CID");
  });

  it("detects a block corrupted on disk", async () => {
    const store = new ContentStore(path.join(root, "c"));
    const put = await store.put({ precious: true });
    const [file] = filesUnder(store.directory);
    assert.ok(file);
    writeFileSync(file, dagCbor.encode({ precious: false }));
    await assert.rejects(store.get(put.cid), CidMismatchError);
  });

  it("throws BlockNotFoundError for an absent CID and enforces its size limit", async () => {
    const store = new ContentStore(path.join(root, "d"), { maxBlockBytes: 256 });
    const absent = await encodeNode({ never: "stored" });
    await assert.rejects(store.get(absent.cid), BlockNotFoundError);
    assert.equal(await store.tryGet(absent.cid), undefined);
    await assert.rejects(store.put({ big: "y".repeat(300) }), BlockTooLargeError);
    const big = await encodeNode({ big: "y".repeat(300) });
    await assert.rejects(store.putBlock(big.cid, big.bytes), BlockTooLargeError);
  });
});
