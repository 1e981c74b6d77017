import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as dagCbor from "@ipld/dag-cbor";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import {
  BlockTooLargeError,
  CidMismatchError,
  cidFromDigest,
  decodeNode,
  digestOfCid,
  encodeNode,
  InvalidCidError,
  InvalidDigestError,
  MalformedNodeError,
  toCid,
  UnsupportedCidError,
  verifyBlock,
} from "./cid.ts";

describe("cid", () => {
  it("turns a CID into its on-chain digest and back", async () => {
    const { cid, digest, bytes } = await encodeNode({ task: "sim", seed: 7, nested: { list: [1, 2, 3] } });
    assert.equal(cid.toString().startsWith("bafyrei"), true, "CIDv1 dag-cbor sha2-256 in base32");
    assert.match(digest, /^0x[0-9a-f]{64}$/);
    assert.equal(digest, `0x${Buffer.from(await sha256.encode(bytes)).toString("hex")}`);
    assert.ok(cidFromDigest(digest).equals(cid));
    assert.equal(digestOfCid(cidFromDigest(digest)), digest);
    assert.equal(digestOfCid(cid.toString()), digest);
  });

  it("encodes deterministically regardless of key order, dropping undefined properties", async () => {
    const a = await encodeNode({ b: 2, a: 1, gone: undefined });
    const b = await encodeNode({ a: 1, b: 2 });
    assert.ok(a.cid.equals(b.cid));
    assert.deepEqual(decodeNode(a.bytes), { a: 1, b: 2 });
    const withHole = await encodeNode([1, undefined, 3]);
    assert.deepEqual(decodeNode(withHole.bytes), [1, null, 3]);
  });

  it("keeps CID links as links", async () => {
    const child = await encodeNode({ leaf: true });
    const parent = await encodeNode({ child: child.cid });
    const decoded = decodeNode<{ child: CID }>(parent.bytes);
    assert.ok(CID.asCID(decoded.child)?.equals(child.cid));
  });

  it("rejects tampered bytes with CidMismatchError", async () => {
    const { cid, bytes } = await encodeNode({ amount: 100 });
    const tampered = dagCbor.encode({ amount: 101 });
    await verifyBlock(cid, bytes);
    await assert.rejects(verifyBlock(cid, tampered), (e: unknown) => {
      assert.ok(e instanceof CidMismatchError);
      assert.equal(e.expected, cid.toString());
      assert.notEqual(e.actual, cid.toString());
      return true;
    });
  });

  it("refuses CIDs that an on-chain bytes32 cannot stand for", async () => {
    const bytes = new TextEncoder().encode("hello");
    const rawCid = CID.createV1(raw.code, await sha256.digest(bytes));
    assert.throws(() => toCid(rawCid), UnsupportedCidError);
    const v0 = CID.createV0(await sha256.digest(dagCbor.encode({ a: 1 })));
    assert.throws(() => toCid(v0.toString()), UnsupportedCidError);
    assert.throws(
      () => toCid("not-a-cid"),
      (e: unknown) => e instanceof InvalidCidError && /not-a-cid/.test(e.message),
    );
    assert.throws(() => cidFromDigest("0x1234"), InvalidDigestError);
  });

  it("rejects values and bytes that are not dag-cbor, and oversized nodes", async () => {
    await assert.rejects(encodeNode({ bad: () => 1 }), MalformedNodeError);
    await assert.rejects(encodeNode({ nan: Number.NaN }), MalformedNodeError);
    assert.throws(() => decodeNode(new Uint8Array([0xff, 0x00, 0x01])), MalformedNodeError);
    await assert.rejects(encodeNode({ blob: "x".repeat(2000) }, 1000), (e: unknown) => {
      assert.ok(e instanceof BlockTooLargeError);
      assert.equal(e.maxBytes, 1000);
      return true;
    });
  });
});
