import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import * as dagCbor from "@ipld/dag-cbor";
import * as dagJson from "@ipld/dag-json";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createMetrics } from "../metrics.ts";
import { cidFromDigest, encodeNode } from "../results/cid.ts";
import { ContentStore } from "../results/contentStore.ts";
import { type Gateway, type HealthReport, startGateway } from "./server.ts";

const dir = mkdtempSync(path.join(tmpdir(), "aos-gateway-"));
const prefix = `aos-test-${randomUUID()}`;
const connection = new Redis({ host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null });
const queue = new Queue("settlement", { connection, prefix });
const store = new ContentStore(dir, { maxBlockBytes: 64 * 1024 });
const metrics = createMetrics();
let healthy: HealthReport = { ok: true, checks: { redis: { ok: true }, chain: { ok: true } } };
let gateway: Gateway;

before(async () => {
  await queue.add("submit", { taskId: "1" });
  gateway = await startGateway({
    host: "127.0.0.1",
    port: 0,
    store,
    registry: metrics.registry,
    queues: [queue],
    health: async () => healthy,
    maxUploadBytes: 1024,
  });
});

after(async () => {
  await gateway.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  rmSync(dir, { recursive: true, force: true });
});

async function upload(body: Uint8Array | string, contentType: string, query = "") {
  const response = await fetch(`${gateway.url}/ipfs${query}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, string> };
}

describe("gateway", () => {
  it("stores uploaded dag-cbor and serves it raw and as dag-json", async () => {
    const node = await encodeNode({ scenario: "normal_operation", seed: 3 });
    const { status, json } = await upload(node.bytes, "application/vnd.ipld.raw");
    assert.equal(status, 201);
    assert.equal(json.cid, node.cid.toString());
    assert.equal(json.digest, node.digest);

    const raw = await fetch(`${gateway.url}/ipfs/${node.cid}`, { headers: { accept: "application/vnd.ipld.raw" } });
    assert.equal(raw.status, 200);
    assert.equal(raw.headers.get("content-type"), "application/vnd.ipld.raw");
    assert.equal(raw.headers.get("etag"), `"${node.cid}"`);
    assert.match(raw.headers.get("cache-control") ?? "", /immutable/);
    assert.deepEqual(new Uint8Array(await raw.arrayBuffer()), node.bytes);

    const rendered = await fetch(`${gateway.url}/ipfs/${node.cid}?format=dag-json`);
    assert.equal(rendered.status, 200);
    assert.deepEqual(dagJson.decode(new Uint8Array(await rendered.arrayBuffer())), {
      scenario: "normal_operation",
      seed: 3,
    });
    const byDefault = await fetch(`${gateway.url}/ipfs/${node.cid}`);
    assert.match(byDefault.headers.get("content-type") ?? "", /dag-json/);

    const again = await fetch(`${gateway.url}/ipfs/${node.cid}`, {
      headers: { accept: "application/vnd.ipld.raw", "if-none-match": `"${node.cid}"` },
    });
    assert.equal(again.status, 304);
  });

  it("stores JSON uploads as dag-cbor under the CID of their encoding", async () => {
    const link = (await encodeNode({ leaf: 1 })).cid;
    const body = new TextDecoder().decode(dagJson.encode({ input: { horizonHours: 24 }, parent: link }));
    const { status, json } = await upload(body, "application/json", "?format=dag-json");
    assert.equal(status, 201);
    const expected = await encodeNode({ input: { horizonHours: 24 }, parent: link });
    assert.equal(json.cid, expected.cid.toString());
    assert.ok(cidFromDigest(json.digest as `0x${string}`).equals(expected.cid));
    assert.ok(await store.has(expected.cid));
  });

  it("answers 400 for an invalid CID, naming it, and 404 for an absent one", async () => {
    const bad = await fetch(`${gateway.url}/ipfs/not-a-cid`);
    assert.equal(bad.status, 400);
    const badJson = (await bad.json()) as Record<string, string>;
    assert.equal(badJson.error, "InvalidCidError");
    assert.equal(badJson.cid, "not-a-cid");
    assert.match(badJson.message ?? "", /not-a-cid/);

    const absent = await encodeNode({ never: "uploaded" });
    const missing = await fetch(`${gateway.url}/ipfs/${absent.cid}`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as Record<string, string>).error, "BlockNotFoundError");
  });

  it("refuses oversized, malformed, non-canonical and untyped uploads", async () => {
    const big = await encodeNode({ blob: "z".repeat(2000) });
    const tooBig = await upload(big.bytes, "application/cbor");
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.json.error, "BlockTooLargeError");

    const garbage = await upload(new Uint8Array([0xff, 0xfe, 0x00]), "application/vnd.ipld.raw");
    assert.equal(garbage.status, 400);
    assert.equal(garbage.json.error, "MalformedNodeError");

    // {b:1, a:2} with keys out of dag-cbor's canonical order (0xa2 map, "b" before "a").
    const unordered = new Uint8Array([0xa2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02]);
    assert.notDeepEqual(unordered, dagCbor.encode({ b: 1, a: 2 }));
    const notCanonical = await upload(unordered, "application/vnd.ipld.raw");
    assert.equal(notCanonical.status, 400);
    assert.equal(notCanonical.json.error, "MalformedNodeError");

    const badJson = await upload("{not json", "application/json", "?format=dag-json");
    assert.equal(badJson.status, 400);
    assert.equal(badJson.json.error, "MalformedNodeError");

    const untyped = await upload("hello", "text/plain");
    assert.equal(untyped.status, 415);
    assert.equal(untyped.json.error, "UnsupportedMediaTypeError");
  });

  it("serves Prometheus metrics", async () => {
    metrics.tasks.inc({ stage: "claimed" });
    const response = await fetch(`${gateway.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/plain/);
    const text = await response.text();
    assert.match(text, /aos_tasks_total\{stage="claimed"\} 1/);
    assert.match(text, /# TYPE aos_jobs_total counter/);
    assert.match(text, /aos_process_resident_memory_bytes/);
  });

  it("reports health as 200, or 503 when a check fails", async () => {
    const ok = await fetch(`${gateway.url}/health`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), healthy);
    healthy = { ok: false, checks: { redis: { ok: true }, chain: { ok: false, detail: "RPC unreachable" } } };
    const down = await fetch(`${gateway.url}/health`);
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), healthy);
  });

  it("mounts Bull Board at /queues over the real queue", async () => {
    const page = await fetch(`${gateway.url}/queues`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.match(await page.text(), /<html/i);
    const api = await fetch(`${gateway.url}/queues/api/queues`);
    assert.equal(api.status, 200);
    const listed = JSON.stringify(await api.json());
    assert.match(listed, /settlement/);
  });

  it("lets a web app on another origin read content and send it, preflight included", async () => {
    const preflight = await fetch(`${gateway.url}/ipfs`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:3000", "access-control-request-method": "POST" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /content-type/);
    const health = await fetch(`${gateway.url}/health`, { headers: { origin: "http://127.0.0.1:3000" } });
    assert.equal(health.headers.get("access-control-allow-origin"), "*");
  });

  it("answers unknown routes with a JSON 404", async () => {
    const response = await fetch(`${gateway.url}/nope`);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as Record<string, string>).error, "NotFoundError");
  });
});
