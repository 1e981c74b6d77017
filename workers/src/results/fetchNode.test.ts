import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type Gateway, startGateway } from "../gateway/server.ts";
import { createMetrics } from "../metrics.ts";
import { encodeNode } from "./cid.ts";
import { ContentStore } from "./contentStore.ts";
import { ContentNotFoundError, fetchVerified, fetchVerifiedNode } from "./fetchNode.ts";

const dir = mkdtempSync(path.join(tmpdir(), "aos-fetch-"));
const remoteStore = new ContentStore(path.join(dir, "remote"));
let gateway: Gateway;
let liar: http.Server;
let liarUrl: string;
let slow: http.Server;
let slowUrl: string;
let liarHits = 0;

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

before(async () => {
  gateway = await startGateway({
    host: "127.0.0.1",
    port: 0,
    store: remoteStore,
    registry: createMetrics().registry,
    queues: [],
    health: async () => ({ ok: true, checks: {} }),
  });
  // A gateway that answers every request with 200 and bytes of some other node.
  const wrong = (await encodeNode({ forged: true })).bytes;
  liar = http.createServer((_req, res) => {
    liarHits++;
    res.writeHead(200, { "content-type": "application/vnd.ipld.raw" });
    res.end(Buffer.from(wrong));
  });
  liarUrl = await listen(liar);
  // A gateway that never answers.
  slow = http.createServer(() => {});
  slowUrl = await listen(slow);
});

after(async () => {
  await gateway.close();
  liar.closeAllConnections();
  slow.closeAllConnections();
  await new Promise((resolve) => liar.close(resolve));
  await new Promise((resolve) => slow.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("fetchVerified", () => {
  it("rejects a lying gateway, takes the next one and caches the verified block", async () => {
    const node = await encodeNode({ input: "published by a requester", size: 3 });
    await remoteStore.putBlock(node.cid, node.bytes);
    const local = new ContentStore(path.join(dir, "local-1"));

    const fetched = await fetchVerified(node.cid, { store: local, gateways: [liarUrl, gateway.url], timeoutMs: 2000 });
    assert.equal(fetched.source, gateway.url);
    assert.deepEqual(fetched.bytes, node.bytes);
    assert.equal(fetched.attempts.find((a) => a.source === liarUrl)?.error, "CidMismatchError");
    assert.ok(await local.has(node.cid), "verified bytes are cached");

    const hitsBefore = liarHits;
    const cached = await fetchVerified(node.cid, { store: local, gateways: [liarUrl] });
    assert.equal(cached.source, "store");
    assert.equal(liarHits, hitsBefore, "no gateway asked once the store has it");
    assert.deepEqual(await fetchVerifiedNode(node.cid.toString(), { store: local }), {
      input: "published by a requester",
      size: 3,
    });
  });

  it("lists every source tried when none has the content", async () => {
    const absent = await encodeNode({ nowhere: true });
    const local = new ContentStore(path.join(dir, "local-2"));
    await assert.rejects(
      fetchVerified(absent.cid, { store: local, gateways: [liarUrl, gateway.url, slowUrl], timeoutMs: 300 }),
      (e: unknown) => {
        assert.ok(e instanceof ContentNotFoundError);
        assert.deepEqual(
          e.attempts.map((a) => a.error),
          ["NotFound", "CidMismatchError", "GatewayHttpError", "TimeoutError"],
        );
        assert.match(e.message, new RegExp(absent.cid.toString()));
        assert.match(e.message, /404/);
        return true;
      },
    );
    assert.equal(await local.has(absent.cid), false, "the liar's bytes were not cached");
  });

  it("refuses a block over the byte limit", async () => {
    const node = await encodeNode({ blob: "q".repeat(5000) });
    await remoteStore.putBlock(node.cid, node.bytes);
    await assert.rejects(fetchVerified(node.cid, { gateways: [gateway.url], maxBytes: 1000 }), (e: unknown) => {
      assert.ok(e instanceof ContentNotFoundError);
      assert.equal(e.attempts[0]?.error, "BlockTooLargeError");
      return true;
    });
  });
});
